package org.errandless.documents;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 (FIPS 180-4) whose intermediate state can be saved and restored, so a resumable upload's hash goes on
 * from where the last PATCH left it, on any instance, without reading the earlier bytes again. The JDK's
 * {@link MessageDigest} cannot export its state; it stays the faster choice for a file that arrives in one request,
 * and this class is used where a state must outlive the request.
 *
 * <p>The saved state ({@link #state()}) is 8 + 32 + up to 63 bytes: the message length so far, the chaining value,
 * and the bytes of the block not yet compressed.
 */
final class ResumableSha256 {

    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2 };

    private static final int[] INITIAL = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
        0x1f83d9ab, 0x5be0cd19 };

    private final int[] h = INITIAL.clone();
    private final byte[] block = new byte[64];
    private final int[] w = new int[64];
    private int buffered;
    private long length;

    ResumableSha256() {
    }

    /**
     * Restores a state saved by {@link #state()}.
     *
     * @throws IllegalArgumentException when the bytes are no such state
     */
    static ResumableSha256 restore(byte[] state) {
        if (state == null || state.length < 40 || state.length > 40 + 63) {
            throw new IllegalArgumentException("Not a saved SHA-256 state");
        }
        ResumableSha256 sha = new ResumableSha256();
        ByteBuffer in = ByteBuffer.wrap(state);
        sha.length = in.getLong();
        for (int i = 0; i < 8; i++) {
            sha.h[i] = in.getInt();
        }
        sha.buffered = in.remaining();
        in.get(sha.block, 0, sha.buffered);
        if (sha.length < 0 || sha.length % 64 != sha.buffered) {
            throw new IllegalArgumentException("Not a saved SHA-256 state");
        }
        return sha;
    }

    /** Bytes hashed so far. */
    long length() {
        return length;
    }

    /** The state to go on from later ({@link #restore}). */
    byte[] state() {
        ByteBuffer out = ByteBuffer.allocate(40 + buffered);
        out.putLong(length);
        for (int value : h) {
            out.putInt(value);
        }
        out.put(block, 0, buffered);
        return out.array();
    }

    void update(byte[] bytes, int offset, int count) {
        length += count;
        int position = offset;
        int end = offset + count;
        if (buffered > 0) {
            int take = Math.min(64 - buffered, count);
            System.arraycopy(bytes, position, block, buffered, take);
            buffered += take;
            position += take;
            if (buffered < 64) {
                return;
            }
            compress(block, 0);
            buffered = 0;
        }
        while (end - position >= 64) {
            compress(bytes, position);
            position += 64;
        }
        buffered = end - position;
        System.arraycopy(bytes, position, block, 0, buffered);
    }

    /** The hex digest of everything so far; the state is left as it was. */
    String hex() {
        int[] saved = h.clone();
        byte[] savedBlock = block.clone();
        int savedBuffered = buffered;
        long bits = length * 8;
        byte[] padding = new byte[(buffered < 56 ? 56 : 120) - buffered + 8];
        padding[0] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            padding[padding.length - 1 - i] = (byte) (bits >>> (8 * i));
        }
        long savedLength = length;
        update(padding, 0, padding.length);
        byte[] digest = new byte[32];
        for (int i = 0; i < 8; i++) {
            digest[4 * i] = (byte) (h[i] >>> 24);
            digest[4 * i + 1] = (byte) (h[i] >>> 16);
            digest[4 * i + 2] = (byte) (h[i] >>> 8);
            digest[4 * i + 3] = (byte) h[i];
        }
        System.arraycopy(saved, 0, h, 0, 8);
        System.arraycopy(savedBlock, 0, block, 0, 64);
        buffered = savedBuffered;
        length = savedLength;
        return HexFormat.of().formatHex(digest);
    }

    private void compress(byte[] bytes, int offset) {
        int[] w = this.w;
        for (int i = 0; i < 16; i++) {
            int p = offset + 4 * i;
            w[i] = (bytes[p] << 24) | ((bytes[p + 1] & 0xff) << 16) | ((bytes[p + 2] & 0xff) << 8)
                    | (bytes[p + 3] & 0xff);
        }
        for (int i = 16; i < 64; i++) {
            int x = w[i - 15];
            int y = w[i - 2];
            int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
            int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        int[] state = this.h;
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        int e = state[4];
        int f = state[5];
        int g = state[6];
        int hh = state[7];
        for (int i = 0; i < 64; i++) {
            int t1 = hh + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                    + ((e & f) ^ (~e & g)) + K[i] + w[i];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + ((a & b) ^ (a & c) ^ (b & c));
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += hh;
    }

    /** The JDK's SHA-256, for the one-request case. */
    static MessageDigest jdk() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
