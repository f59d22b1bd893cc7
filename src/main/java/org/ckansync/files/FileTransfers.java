package org.ckansync.files;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.ckansync.ckan.CkanRejectedException;
import org.ckansync.ckan.CkanUnavailableException;
import org.ckansync.config.PairConfig;
import org.ckansync.json.Json;
import org.ckansync.plan.Head;
import org.ckansync.plan.SyncAction;
import org.ckansync.plan.SyncPlan;
import org.ckansync.plan.Write;

import java.io.File;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The thinking behind routes/files.camel.yaml (pair.&lt;id&gt;.files = copy): which uploaded files of a package go to B
 * (new on B, or changed on A since they were sent: size, last_modified or hash differ from what was recorded), where
 * A serves each, the multipart body of B's resource_patch, and the rows that remember what was sent. The bytes never
 * pass through here: the route streams A's download to a temporary file and B's upload from it.
 */
public class FileTransfers {
    /** Plans after which the package is not (or no longer) on B as A has it: no file goes anywhere. */
    static final Set<SyncAction> NO_FILES = Set.of(SyncAction.DELETE, SyncAction.PURGE, SyncAction.TOMBSTONE, SyncAction.SKIP,
            SyncAction.PARK, SyncAction.HOLD);

    /** Whether the pair copies uploaded files (files.copy): a package's files route runs only then. */
    public boolean copies(@ExchangeProperty("pair") PairConfig pair) {
        return pair.copiesFiles();
    }

    /** The key of a package's recorded files. */
    public Map<String, Object> packageKey(@Body SyncPlan plan, @ExchangeProperty("pair") PairConfig pair) {
        return Map.of("pairId", pair.id(), "packageId", plan.packageId());
    }

    /** The uploaded files of A's head that B lacks or that changed since they were sent, in A's order. */
    @SuppressWarnings("unchecked")
    public List<FileTransfer> toSend(@Body SyncPlan plan, @Variable("fileStates") List<Map<String, Object>> sent,
                                     @ExchangeProperty("pair") PairConfig pair) {
        Head a = plan.source();
        if (!pair.copiesFiles() || NO_FILES.contains(plan.action()) || a == null || !a.present()
                || "deleted".equals(a.raw().get("state"))) {
            return List.of();
        }
        Write w = plan.toTarget();
        boolean newOnB = w != null && (w.action() == SyncAction.CREATE || w.action() == SyncAction.REVIVE);
        Map<String, Map<String, Object>> onB = resources(plan.heads().target());
        Map<String, Map<String, Object>> recorded = new HashMap<>();
        if (sent != null) {
            sent.forEach(r -> recorded.put(String.valueOf(r.get("resourceId")), r));
        }
        List<FileTransfer> out = new ArrayList<>();
        String type = a.raw().get("type") == null ? "dataset" : a.raw().get("type").toString();
        for (Map<String, Object> r : (List<Map<String, Object>>) a.raw().getOrDefault("resources", List.of())) {
            if (!"upload".equals(r.get("url_type")) || r.get("id") == null) {
                continue;
            }
            String rid = r.get("id").toString();
            FileTransfer t = new FileTransfer(plan.packageId(), rid, downloadPath(type, plan.packageId(), rid, filename(r)),
                    filename(r), size(r.get("size")), text(r.get("last_modified")), text(r.get("hash")));
            Map<String, Object> b = onB.get(rid);
            boolean bHasFile = b != null && "upload".equals(b.get("url_type")) && size(b.get("size")) != null;
            if (newOnB || !bHasFile || !same(recorded.get(rid), t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The files to send within the pair's files.max-size (a file of unknown size is checked when it arrives). */
    public List<FileTransfer> withinLimit(@Body List<FileTransfer> transfers, @ExchangeProperty("pair") PairConfig pair) {
        return transfers.stream().filter(t -> t.size() == null || t.size() <= pair.filesMaxSize()).toList();
    }

    /** After the others are sent: the package fails (dead letter) if a file was over files.max-size. */
    public void refuseTooLarge(@Variable("transfers") List<FileTransfer> transfers, @ExchangeProperty("pair") PairConfig pair) {
        List<String> over = new ArrayList<>();
        for (FileTransfer t : transfers) {
            if (t.size() != null && t.size() > pair.filesMaxSize()) {
                over.add(t.filename() + " (resource " + t.resourceId() + ", " + t.size() + " bytes)");
            }
        }
        if (!over.isEmpty()) {
            throw tooLarge(String.join(", ", over), pair);
        }
    }

    private static FileTooLargeException tooLarge(String what, PairConfig pair) {
        return new FileTooLargeException("uploaded file " + what + " is larger than pair." + pair.id() + ".files.max-size ("
                + pair.filesMaxSize() + " bytes): not copied to the target; raise the limit and retry the dead letter");
    }

    /** Where A serves the file: below the source's configured base URL, so A's token goes nowhere else. */
    public String downloadUrl(@Variable("transfer") FileTransfer t, @ExchangeProperty("pair") PairConfig pair) {
        return pair.source().url() + t.downloadPath();
    }

    /**
     * A's answer to the download, before its body is stored: 200 goes on; 5xx, 408 and 429 are transient (retried); any
     * other status is a rejection; a Content-Length over files.max-size is refused before a byte is stored.
     */
    public void checkDownload(@Header("CamelHttpResponseCode") Integer status, @Header("Content-Length") Object length,
                              @Variable("transfer") FileTransfer t, @ExchangeProperty("pair") PairConfig pair) {
        int s = status == null ? 0 : status;
        if (s == 200) {
            Long n = size(length);
            if (n != null && n > pair.filesMaxSize()) {
                throw tooLarge(t.filename() + " (resource " + t.resourceId() + ", " + n + " bytes)", pair);
            }
            return;
        }
        String what = "download of resource " + t.resourceId();
        if (s == 0 || s >= 500 || s == 408 || s == 429) {
            throw new CkanUnavailableException("source", what, s, null, "the file could not be read");
        }
        throw new CkanRejectedException("source", what, s, null, s == 403 ? "the source token may not read the file"
                : s == 404 ? "the source serves no file for this resource" : "the source refused the download");
    }

    /** The directory uploads wait in between A's download and B's upload (the system's temporary directory). */
    public String tempDir() {
        return new File(System.getProperty("java.io.tmpdir"), "ckan-sync-files").getAbsolutePath();
    }

    /** The temporary file's name: from the pair and resource, never from A's data as such (no path in it). */
    public String tempName(@Variable("transfer") FileTransfer t, @ExchangeProperty("pair") PairConfig pair) {
        return "upload-" + Json.sha256(Map.of("pair", pair.id(), "resource", t.resourceId())).substring(0, 32) + ".part";
    }

    /** resource_patch as multipart: the resource's id and the file as the part named upload, streamed from disk. */
    public HttpEntity uploadBody(@Variable("transfer") FileTransfer t, @Variable("tempDir") String dir, @Variable("tempName") String name) {
        return MultipartEntityBuilder.create().setMode(HttpMultipartMode.EXTENDED)
                .addTextBody("id", t.resourceId(), ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8))
                .addPart("upload", new FileBody(new File(dir, name), ContentType.APPLICATION_OCTET_STREAM, t.filename()))
                .build();
    }

    /**
     * Removes the temporary file once B has the upload (or the transfer failed). The one file operation outside a
     * route step: Camel's file producer writes files but has no delete.
     */
    public void discard(@Variable("tempDir") String dir, @Variable("tempName") String name) {
        if (dir != null && name != null) {
            new File(dir, name).delete();
        }
    }

    /** What was sent: the file_state row (A's description of the file). */
    public Map<String, Object> stateRow(@Variable("transfer") FileTransfer t, @ExchangeProperty("pair") PairConfig pair) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pairId", pair.id());
        row.put("resourceId", t.resourceId());
        row.put("packageId", t.packageId());
        row.put("size", t.size());
        row.put("lastModified", t.lastModified());
        row.put("hash", t.hash());
        return row;
    }

    private static boolean same(Map<String, Object> recorded, FileTransfer t) {
        return recorded != null && Objects.equals(size(recorded.get("size")), t.size())
                && Objects.equals(text(recorded.get("lastModified")), t.lastModified())
                && Objects.equals(text(recorded.get("hash")), t.hash());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Head h) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        if (h != null && h.present()) {
            for (Map<String, Object> r : (List<Map<String, Object>>) h.raw().getOrDefault("resources", List.of())) {
                out.put(String.valueOf(r.get("id")), r);
            }
        }
        return out;
    }

    /** The file's name: the last path segment of A's download URL, decoded (CKAN serves the file under it). */
    static String filename(Map<String, Object> resource) {
        String url = resource.get("url") == null ? "" : resource.get("url").toString();
        int q = url.indexOf('?');
        url = q < 0 ? url : url.substring(0, q);
        String last = url.substring(url.lastIndexOf('/') + 1);
        try {
            last = URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // not percent-encoded after all: the segment as it is
        }
        return last.isBlank() ? "file" : last;
    }

    static String downloadPath(String type, String packageId, String resourceId, String filename) {
        return "/" + segment(type) + "/" + segment(packageId) + "/resource/" + segment(resourceId) + "/download/" + segment(filename);
    }

    /** One URL path segment, percent-encoded (A's data may hold anything, a slash or ".." included). */
    static String segment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '~' || c == '.' && s.length() > 2)) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    private static Long size(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String text(Object v) {
        return v == null || "".equals(v) ? null : v.toString();
    }
}
