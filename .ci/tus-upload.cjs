// The official tus-js-client against a running Errandless: uploads a PNG in several chunks, stops after the second
// one (as a phone losing its network would), resumes from the offset the server reports, and checks that the
// finished upload is the document with the same id. Used by the "tus" section of .ci/run.
//
// Usage: node .ci/tus-upload.cjs <base URL> <citizen access token>
// Environment: TUS_JS_CLIENT = path of the installed tus-js-client package.
'use strict';
const crypto = require('crypto');
const zlib = require('zlib');
if (process.argv[2] === '--write-png') { // a test photo for openapi/examples/resumable-upload.sh
    require('fs').writeFileSync(process.argv[3], png(600, 600));
    process.exit(0);
}
const tus = require(process.env.TUS_JS_CLIENT || 'tus-js-client');

const [base, token] = process.argv.slice(2);
if (!base || !token) {
    console.error('usage: node tus-upload.cjs <base URL> <access token>');
    process.exit(2);
}
const CHUNK = 64 * 1024;

// A real PNG (noise, so it does not compress): 300x300 RGB, about 270 KB, several chunks.
function png(width, height) {
    const crcTable = Array.from({ length: 256 }, (_, n) => {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        return c >>> 0;
    });
    const crc = (buf) => {
        let c = 0xffffffff;
        for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
        return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type, data) => {
        const out = Buffer.alloc(12 + data.length);
        out.writeUInt32BE(data.length, 0);
        out.write(type, 4, 'ascii');
        data.copy(out, 8);
        out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
        return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // RGB
    const raw = Buffer.alloc(height * (1 + width * 3));
    for (let y = 0; y < height; y++) {
        raw[y * (1 + width * 3)] = 0; // filter: none
        crypto.randomFillSync(raw, y * (1 + width * 3) + 1, width * 3);
    }
    return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
        chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function options(extra) {
    return Object.assign({
        endpoint: `${base}/api/v1/uploads`,
        headers: { Authorization: `Bearer ${token}` },
        chunkSize: CHUNK,
        retryDelays: [0, 500, 1000],
        metadata: { filename: '证件照.png', filetype: 'image/jpeg' }, // the type is a lie: the server detects PNG
    }, extra);
}

async function head(url) {
    const response = await fetch(url, { method: 'HEAD', headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' } });
    return { status: response.status, offset: Number(response.headers.get('upload-offset')) };
}

async function main() {
    const file = png(300, 300);
    console.log(`PNG of ${file.length} bytes, chunks of ${CHUNK} bytes`);

    // first attempt: stop after two chunks
    const url = await new Promise((resolve, reject) => {
        let chunks = 0;
        const upload = new tus.Upload(file, options({
            onChunkComplete: () => {
                chunks++;
                if (chunks === 2) {
                    upload.abort().then(() => resolve(upload.url), reject);
                }
            },
            onSuccess: () => reject(new Error('the first attempt should have been stopped')),
            onError: reject,
        }));
        upload.start();
    });
    const interrupted = await head(url);
    console.log(`stopped after two chunks: ${url} at offset ${interrupted.offset}`);
    // abort() stops before the next PATCH; were one already under way, the server keeps what arrived of it
    if (interrupted.status !== 200 || interrupted.offset < 2 * CHUNK || interrupted.offset >= file.length) {
        throw new Error(`HEAD after the interruption: status ${interrupted.status}, offset ${interrupted.offset}`);
    }

    // second attempt: resume at the upload's URL; tus-js-client asks HEAD for the offset and goes on from there
    let firstProgress = null;
    await new Promise((resolve, reject) => {
        const upload = new tus.Upload(file, options({
            uploadUrl: url,
            onProgress: (sent) => { if (firstProgress === null) firstProgress = sent; },
            onSuccess: resolve,
            onError: reject,
        }));
        upload.start();
    });
    if (firstProgress === null || firstProgress <= interrupted.offset - CHUNK) {
        throw new Error(`the resumed upload started again from ${firstProgress}, not from ${interrupted.offset}`);
    }
    console.log(`resumed from ${interrupted.offset} and finished`);

    const id = url.substring(url.lastIndexOf('/') + 1);
    const response = await fetch(`${base}/api/v1/documents/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    const document = await response.json();
    if (response.status !== 200 || document.id !== id || document.contentType !== 'image/png'
        || document.size !== file.length || document.width !== 300) {
        throw new Error(`GET /api/v1/documents/${id}: ${response.status} ${JSON.stringify(document)}`);
    }
    // a client that lost the last PATCH's answer asks again: the finished upload says it has every byte (tus 1.0.0)
    const finished = await head(url);
    if (finished.status !== 200 || finished.offset !== file.length) {
        throw new Error(`HEAD of the finished upload: ${finished.status}, Upload-Offset ${finished.offset}, not 200 and ${file.length}`);
    }
    console.log(`document ${id}: ${document.contentType}, ${document.size} bytes, ${document.width}x${document.height}`);
}

main().catch((error) => {
    console.error(`tus-js-client check failed: ${error.stack || error}`);
    process.exit(1);
});
