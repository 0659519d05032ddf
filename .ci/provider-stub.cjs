// The outside world of the multi-instance run (.ci/run multi-instance): the SMS provider, the push service and the
// health department, as one small HTTP server on loopback that records what it is sent.
//
//   POST /sms, POST /push           a delivery; recorded with its Idempotency-Key (the outbox message id), answered 200;
//                                   a key already accepted is recorded as replayed (a real provider drops it)
//                                   after STUB_DELIVERY_DELAY_MS (slow on purpose: a batch must still not outlast its
//                                   lease and be sent twice by another instance)
//   POST /health/<kind>             the health department: the demo birth record of 张小满 for birth-medical-
//                                   certificates, 404 otherwise; while "hanging", requests are held open until released
//   GET  /_stub/deliveries          every delivery received: [{channel, key, replayed, id, to, text, purpose, at}]
//   POST /_stub/health/hang         hold every following health request open
//   POST /_stub/health/release      answer held and following health requests normally
//   GET  /_stub/health/held         how many health requests are held open now
//
// Usage: node provider-stub.cjs <port-file>   (listens on a free port and writes it to <port-file>)
'use strict';
const http = require('http');
const fs = require('fs');

const delay = Number(process.env.STUB_DELIVERY_DELAY_MS || '150');
const deliveries = [];
let hanging = false;
const held = [];

const BIRTH_RECORD = {
    reference: 'Q500103260001',
    facts: {
        childName: '张小满', childSex: 'F', childBirthDate: '2026-09-20',
        birthPlace: '重庆市渝中区妇幼保健院(demo)', issuedBy: '重庆市渝中区妇幼保健院(demo)', issuedOn: '2026-09-22',
        motherName: '李娜', motherIdNumber: '500103199007180424', fatherName: '张伟', fatherIdNumber: '500103198803120516',
    },
    subjects: ['500103199007180424', '500103198803120516'],
};

function send(res, status, body) {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(text);
}

function answerHealth(req, res) {
    if (req.url.endsWith('/birth-medical-certificates')) {
        send(res, 200, BIRTH_RECORD);
    } else {
        send(res, 404, { error: 'no record' });
    }
}

const accepted = new Set();

const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body = {};
        try { body = raw ? JSON.parse(raw) : {}; } catch (e) { body = { unparsable: raw }; }
        const path = req.url.split('?')[0];
        if (req.method === 'POST' && (path === '/sms' || path === '/push')) {
            // like a real provider: a key it has already accepted is answered 200 again and not delivered twice
            const key = req.headers['idempotency-key'] || null;
            const replayed = key !== null && accepted.has(key);
            if (key !== null) accepted.add(key);
            deliveries.push({
                channel: path.substring(1).toUpperCase(), key, replayed,
                id: body.id || null, to: body.to || body.accountId || null, text: body.text || body.body || null,
                purpose: body.purpose || null, at: Date.now(),
            });
            setTimeout(() => send(res, 200, { accepted: true }), delay);
        } else if (req.method === 'POST' && path.startsWith('/health/')) {
            if (hanging) {
                held.push({ req, res });
                res.on('close', () => { const i = held.findIndex((h) => h.res === res); if (i >= 0) held.splice(i, 1); });
            } else {
                answerHealth(req, res);
            }
        } else if (req.method === 'GET' && path === '/_stub/deliveries') {
            send(res, 200, deliveries);
        } else if (req.method === 'POST' && path === '/_stub/health/hang') {
            hanging = true;
            send(res, 200, { hanging });
        } else if (req.method === 'POST' && path === '/_stub/health/release') {
            hanging = false;
            held.splice(0).forEach((h) => { if (!h.res.writableEnded && !h.res.destroyed) answerHealth(h.req, h.res); });
            send(res, 200, { hanging });
        } else if (req.method === 'GET' && path === '/_stub/health/held') {
            send(res, 200, { held: held.length });
        } else {
            send(res, 404, { error: 'unknown path ' + path });
        }
    });
});

server.listen(0, '127.0.0.1', () => {
    fs.writeFileSync(process.argv[2], String(server.address().port));
    console.log(`provider stub listening on ${server.address().port}`);
});
