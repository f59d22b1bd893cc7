package org.ckansync.run;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.ckansync.state.DeadLetter;
import org.ckansync.state.RunRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An operator's approval of held runs (routes/approve.camel.yaml): which flows are held, and the rows to record. */
public class Approvals {

    public Map<String, Object> recentRunsQuery(@ExchangeProperty("pairId") String pairId) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("pairId", pairId);
        q.put("flow", null);
        q.put("dryRun", false);
        q.put("limit", 50);
        return q;
    }

    /** The flows whose last real run was held by the safety valve (a held sync also stays held through retries). */
    public List<String> heldFlows(@Body List<RunRecord> recent) {
        List<String> held = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (RunRecord r : recent) {
            String flow = r.flow().equals("retry") ? "sync" : r.flow();
            if (seen.contains(flow)) {
                continue;
            }
            seen.add(flow);
            if ("held".equals(r.status())) {
                held.add(flow);
            }
        }
        return held;
    }

    public Map<String, Object> approvalRow(@ExchangeProperty("pairId") String pairId, @ExchangeProperty("approvedFlow") String flow,
                                           @ExchangeProperty("by") String by) {
        return Map.of("pairId", pairId, "flow", flow, "by", by == null ? "cli" : by);
    }

    /** The open dead letters a held sync left behind (reason held). */
    public Map<String, Object> heldQuery(@ExchangeProperty("pairId") String pairId) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("state", DeadLetter.OPEN);
        q.put("pairId", pairId);
        q.put("reason", "held");
        q.put("limit", 100_000);
        return q;
    }

    public List<String> packageIds(@Body List<DeadLetter> letters) {
        return letters.stream().map(DeadLetter::packageId).distinct().toList();
    }
}
