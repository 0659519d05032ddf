// The tus reference server for src/bench/hot-paths.sh: @tus/server with @tus/file-store, as their README sets them up.
// Usage: node server.mjs <port> <directory>; prints "ready <port>" once listening on 127.0.0.1.
import http from 'node:http';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [port, directory] = process.argv.slice(2);
const tus = new Server({ path: '/files', datastore: new FileStore({ directory }) });
http.createServer((req, res) => tus.handle(req, res)).listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${port}`);
});
