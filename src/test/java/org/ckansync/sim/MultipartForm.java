package org.ckansync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multipart/form-data request body as CKAN's API view reads it: the plain fields become a flat dict of strings
 * (a repeated field becomes a list), the part named {@code upload} with a file name is the uploaded file. The
 * file is streamed to a temporary file while the body is read, never held in memory, so a 200 MB upload costs
 * the simulator no heap (like Werkzeug spooling to disk). A file part without a file name is ignored (CKAN
 * treats it as "no upload").
 */
final class MultipartForm implements AutoCloseable {
    /** Fields larger than this are not a form field any client sends; refuse instead of buffering them. */
    private static final int MAX_FIELD_BYTES = 4 << 20;
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"([^\"]+)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PARAM = Pattern.compile(";\\s*(name|filename)=(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;\\s]*)",
            Pattern.CASE_INSENSITIVE);

    /** The uploaded file: the client's file name, where its bytes are, and how many there are. */
    record Upload(String filename, Path file, long size) { }

    final ObjectNode fields = JsonNodeFactory.instance.objectNode();
    private Upload upload;

    private MultipartForm() {
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** The uploaded file, or null when the form carried none. */
    Upload upload() {
        return upload;
    }

    /** Hands the file over to the caller, who then owns (and deletes or keeps) it. */
    Upload takeUpload() {
        Upload u = upload;
        upload = null;
        return u;
    }

    @Override
    public void close() {
        if (upload != null) {
            try {
                Files.deleteIfExists(upload.file());
            } catch (IOException ignored) {
                // a temp file left behind is harmless; the simulator's directory is removed on stop
            }
            upload = null;
        }
    }

    /** Reads the whole body; the uploaded file goes to a new file in {@code tempDir}. */
    static MultipartForm read(InputStream body, String contentType, Path tempDir) throws IOException {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new IOException("multipart body without boundary");
        }
        String boundary = m.group(2) != null ? m.group(2) : m.group(1);
        MultipartForm form = new MultipartForm();
        try {
            form.parse(new Scanner(body), ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), tempDir);
            return form;
        } catch (IOException | RuntimeException e) {
            form.close();
            throw e;
        }
    }

    private void parse(Scanner in, byte[] delimiter, Path tempDir) throws IOException {
        in.unread("\r\n".getBytes(StandardCharsets.ISO_8859_1));   // the first boundary has no CRLF before it
        if (!in.copyUntil(delimiter, OutputStream.nullOutputStream())) {
            throw new IOException("multipart body without a first boundary");
        }
        while (true) {
            String after = in.readLine();
            if (after == null || after.startsWith("--")) {
                return;                                             // closing boundary
            }
            String name = null;
            String filename = null;
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                    Matcher p = PARAM.matcher(header);
                    while (p.find()) {
                        String v = p.group(3) != null ? p.group(3).replace("\\\"", "\"") : p.group(2);
                        if (p.group(1).equalsIgnoreCase("name")) name = v; else filename = v;
                    }
                }
            }
            if (filename != null) {
                if ("upload".equals(name) && !filename.isEmpty() && upload == null) {
                    Path file = Files.createTempFile(tempDir, "upload-", ".part");
                    long size;
                    try (OutputStream out = Files.newOutputStream(file)) {
                        CountingStream counting = new CountingStream(out);
                        if (!in.copyUntil(delimiter, counting)) throw new IOException("truncated multipart body");
                        size = counting.count;
                    }
                    upload = new Upload(filename, file, size);
                } else if (!in.copyUntil(delimiter, OutputStream.nullOutputStream())) {
                    throw new IOException("truncated multipart body");
                }
                continue;
            }
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            if (!in.copyUntil(delimiter, new CappedStream(value))) throw new IOException("truncated multipart body");
            if (name != null) add(name, value.toString(StandardCharsets.UTF_8));
        }
    }

    private void add(String name, String value) {
        JsonNode prev = fields.get(name);
        if (prev == null) {
            fields.put(name, value);
        } else if (prev.isArray()) {
            ((ArrayNode) prev).add(value);
        } else {
            ArrayNode list = fields.arrayNode().add(prev).add(value);
            fields.set(name, list);
        }
    }

    /** Buffered reading with look-ahead: lines for part headers, delimiter search for part bodies. */
    private static final class Scanner {
        private final InputStream in;
        private byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        private boolean eof;

        Scanner(InputStream in) {
            this.in = in;
        }

        void unread(byte[] prefix) {
            System.arraycopy(prefix, 0, buf, 0, prefix.length);
            limit = prefix.length;
        }

        /** Reads more bytes after the unconsumed ones; false at the end of the stream. */
        private boolean fill() throws IOException {
            if (eof) return false;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
            return true;
        }

        /** A CRLF-terminated line (ISO-8859-1), without the CRLF; null at the end of the stream. */
        String readLine() throws IOException {
            while (true) {
                for (int i = pos; i + 1 < limit; i++) {
                    if (buf[i] == '\r' && buf[i + 1] == '\n') {
                        String line = new String(buf, pos, i - pos, StandardCharsets.UTF_8);
                        pos = i + 2;
                        return line;
                    }
                }
                if (limit - pos > 16 * 1024) throw new IOException("multipart header line too long");
                if (!fill()) return null;
            }
        }

        /** Writes everything before the next {@code delimiter} to {@code out} and consumes the delimiter. */
        boolean copyUntil(byte[] delimiter, OutputStream out) throws IOException {
            while (true) {
                int found = indexOf(delimiter);
                if (found >= 0) {
                    out.write(buf, pos, found - pos);
                    pos = found + delimiter.length;
                    return true;
                }
                int safe = limit - delimiter.length + 1;     // a delimiter may start in the last bytes: keep them
                if (safe > pos) {
                    out.write(buf, pos, safe - pos);
                    pos = safe;
                }
                if (!fill()) return false;
            }
        }

        private int indexOf(byte[] d) {
            byte first = d[0];
            outer:
            for (int i = pos; i <= limit - d.length; i++) {
                if (buf[i] != first) continue;
                for (int j = 1; j < d.length; j++) {
                    if (buf[i + j] != d[j]) continue outer;
                }
                return i;
            }
            return -1;
        }
    }

    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private static final class CappedStream extends OutputStream {
        private final ByteArrayOutputStream out;

        CappedStream(ByteArrayOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (out.size() + len > MAX_FIELD_BYTES) throw new IOException("multipart field larger than " + MAX_FIELD_BYTES + " bytes");
            out.write(b, off, len);
        }
    }
}
