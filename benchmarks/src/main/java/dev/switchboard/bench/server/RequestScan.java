package dev.switchboard.bench.server;

import java.nio.charset.StandardCharsets;

/** Byte scans over a request in the {@link MockServer}'s read buffer: no copies, no parsing beyond what it needs. */
final class RequestScan {
    static final byte[] CRLF = {'\r', '\n'};
    static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
    private static final byte[] STREAM_KEY = Payloads.utf8("\"stream\"");

    private RequestScan() {
    }

    /** Whether the JSON body says "stream": true or false (null when it does not say). */
    static Boolean streamFlag(byte[] b, int from, int to) {
        int i = indexOf(b, from, to, STREAM_KEY);
        while (i >= 0) {
            int p = i + STREAM_KEY.length;
            while (p < to && isSpace(b[p])) p++;
            if (p < to && b[p] == ':') {
                p++;
                while (p < to && isSpace(b[p])) p++;
                if (p + 4 <= to && b[p] == 't' && b[p + 1] == 'r' && b[p + 2] == 'u' && b[p + 3] == 'e') return Boolean.TRUE;
                if (p + 5 <= to && b[p] == 'f' && b[p + 1] == 'a') return Boolean.FALSE;
            }
            i = indexOf(b, i + 1, to, STREAM_KEY);
        }
        return null;
    }

    /** Where a chunked body that starts at [from] ends, or -1 when it is not complete in [b] up to [to]. */
    static int chunkedEnd(byte[] b, int from, int to) {
        int p = from;
        while (true) {
            int e = indexOf(b, p, to, CRLF);
            if (e < 0) return -1;
            String sizeText = new String(b, p, e - p, StandardCharsets.ISO_8859_1);
            int semi = sizeText.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).trim(), 16);
            p = e + 2;
            if (size == 0) {
                // trailers end with an empty line
                while (true) {
                    int t = indexOf(b, p, to, CRLF);
                    if (t < 0) return -1;
                    if (t == p) return p + 2;
                    p = t + 2;
                }
            }
            if (p + size + 2 > to) return -1;
            p += size + 2;
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static int indexOf(byte[] b, int from, int to, byte[] what) {
        outer:
        for (int i = from; i <= to - what.length; i++) {
            for (int k = 0; k < what.length; k++) if (b[i + k] != what[k]) continue outer;
            return i;
        }
        return -1;
    }
}
