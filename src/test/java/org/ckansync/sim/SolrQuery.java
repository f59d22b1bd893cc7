package org.ckansync.sim;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A small subset of the Lucene "classic" query parser as Solr runs it for CKAN's package_search,
 * evaluated against {@link IndexDoc}s.
 *
 * <p>Why classic-parser semantics matter: CKAN sends {@code q.op=AND} and glues its own filters onto the
 * caller's {@code fq} in ONE string ({@code "+capacity:public " + fq + " +state:(active)"}), so an
 * un-parenthesised top-level {@code OR} in {@code fq} turns the caller's clauses into SHOULD clauses next to
 * CKAN's MUST clauses, and Lucene then ignores them. We reproduce that faithfully (Occur MUST / SHOULD /
 * MUST_NOT and the classic {@code addClause} rules) so that client bugs of this kind show up in tests.
 *
 * <p>Supported: {@code *:*}, {@code field:value}, {@code field:"phrase"}, {@code field:val*} wildcards
 * ({@code *} and {@code ?}), ranges {@code [a TO b]}, {@code {a TO b}}, mixed brackets and {@code *} bounds,
 * {@code field:(v1 OR v2)}, {@code AND OR NOT && || !}, {@code + -} prefixes, parentheses, backslash escapes.
 * Dates (metadata_modified, metadata_created) compare at millisecond precision like a Solr DatePointField;
 * other fields are strings (exact, case-sensitive, lexicographic ranges) or lower-cased text tokens.
 * Not supported: boosts, fuzzy, proximity, local params ({@code {!...}}) and function queries: they raise
 * a {@link SyntaxError} which the simulator answers as CKAN does for a Solr error (409 Search Error).
 */
final class SolrQuery {

    /** A Solr-side parse / field error (CKAN maps it to 409 "Search Error"). */
    static final class SyntaxError extends RuntimeException {
        SyntaxError(String msg) { super(msg); }
    }

    enum Occur { MUST, SHOULD, MUST_NOT }

    /** Field kinds of CKAN's Solr schema that the simulator knows about. */
    enum Kind { STRING, DATE, TEXT }

    static Kind kindOf(String field) {
        switch (field) {
            case "metadata_modified": case "metadata_created":
                return Kind.DATE;
            case "id": case "name": case "state": case "capacity": case "organization": case "owner_org":
            case "groups": case "tags": case "type": case "dataset_type": case "license_id": case "site_id":
            case "creator_user_id": case "permission_labels": case "title_string": case "entity_type":
            case "res_format": case "res_name": case "res_url": case "url": case "version": case "author":
            case "maintainer": case "index_id":
                return Kind.STRING;
            case "text": case "title": case "notes": case "res_description": case "title_ngram":
                return Kind.TEXT;
            default:
                if (field.startsWith("extras_")) return Kind.TEXT;
                if (field.startsWith("vocab_")) return Kind.STRING;
                throw new SyntaxError("undefined field " + field);
        }
    }

    // ------------------------------------------------------------------------------------------- nodes

    /** A parsed query node. {@link #plan} returns candidate docs (a superset) or null for "scan all". */
    interface Node {
        boolean matches(IndexDoc d);
        default SimIndex.Plan plan(SimIndex idx) { return null; }
    }

    static final Node ALL = d -> true;

    record Clause(Occur occur, Node node) { }

    /** Lucene BooleanQuery with minimumShouldMatch=0: SHOULD only counts when there is no MUST. */
    static final class Bool implements Node {
        final List<Clause> clauses;
        Bool(List<Clause> clauses) { this.clauses = clauses; }

        @Override public boolean matches(IndexDoc d) {
            boolean hasMust = false, hasShould = false, anyShould = false;
            for (Clause c : clauses) {
                switch (c.occur) {
                    case MUST:
                        hasMust = true;
                        if (!c.node.matches(d)) return false;
                        break;
                    case MUST_NOT:
                        if (c.node.matches(d)) return false;
                        break;
                    default:
                        hasShould = true;
                        if (!anyShould && c.node.matches(d)) anyShould = true;
                }
            }
            if (hasMust) return true;
            // a purely negative group means "everything except" (Solr adds *:* to pure negative queries)
            if (!hasShould) return true;
            return anyShould;
        }

        @Override public SimIndex.Plan plan(SimIndex idx) {
            boolean hasMust = clauses.stream().anyMatch(c -> c.occur == Occur.MUST);
            if (hasMust) {
                SimIndex.Plan best = null;
                for (Clause c : clauses) {
                    if (c.occur != Occur.MUST) continue;
                    best = SimIndex.Plan.intersect(best, c.node.plan(idx));
                }
                return best;
            }
            SimIndex.Plan union = null;
            boolean first = true;
            for (Clause c : clauses) {
                if (c.occur != Occur.SHOULD) continue;
                SimIndex.Plan p = c.node.plan(idx);
                if (p == null) return null;
                union = first ? p : SimIndex.Plan.union(union, p);
                first = false;
            }
            return first ? null : union;
        }
    }

    /** field:value, field:"phrase", field:pre*fix. */
    static final class Term implements Node {
        final String field, value; final boolean phrase; final Kind kind;
        final Pattern wildcard; final long dateMs; final List<String> tokens;

        Term(String field, String value, boolean phrase) {
            this.field = field; this.value = value; this.phrase = phrase;
            this.kind = kindOf(field);
            boolean wild = !phrase && (value.indexOf('*') >= 0 || value.indexOf('?') >= 0);
            this.wildcard = wild ? Pattern.compile(globToRegex(value)) : null;
            this.dateMs = (kind == Kind.DATE && !wild) ? parseDate(value) : 0;
            this.tokens = kind == Kind.TEXT ? IndexDoc.tokenize(value) : null;
        }

        @Override public boolean matches(IndexDoc d) {
            if (kind == Kind.DATE) {
                Long v = d.date(field);
                if (v == null) return false;
                if (wildcard != null) return "*".equals(value);
                return v == dateMs;
            }
            if (kind == Kind.TEXT) {
                List<String> docTokens = d.textTokens(field);
                if (wildcard != null) {
                    if ("*".equals(value)) return !docTokens.isEmpty();
                    Pattern p = Pattern.compile(globToRegex(value.toLowerCase(Locale.ROOT)));
                    for (String t : docTokens) if (p.matcher(t).matches()) return true;
                    return false;
                }
                return containsSequence(docTokens, tokens);
            }
            for (String v : d.strings(field)) {
                if (wildcard != null ? wildcard.matcher(v).matches() : v.equals(value)) return true;
            }
            return false;
        }

        @Override public SimIndex.Plan plan(SimIndex idx) {
            if (wildcard != null) return null;
            if (field.equals("id")) return SimIndex.Plan.ofDoc(idx.byId(value));
            if (field.equals("name")) return SimIndex.Plan.ofDoc(idx.byName(value));
            if (field.equals("metadata_modified")) return SimIndex.Plan.range(dateMs, dateMs);
            return null;
        }
    }

    /** field:[lo TO hi] with any mix of inclusive / exclusive bounds and * for open ends. */
    static final class Range implements Node {
        final String field; final Kind kind;
        final String lo, hi; final boolean loIncl, hiIncl;
        final Long loMs, hiMs;

        Range(String field, String lo, String hi, boolean loIncl, boolean hiIncl) {
            this.field = field; this.kind = kindOf(field);
            this.lo = "*".equals(lo) ? null : lo; this.hi = "*".equals(hi) ? null : hi;
            this.loIncl = loIncl; this.hiIncl = hiIncl;
            this.loMs = (kind == Kind.DATE && this.lo != null) ? parseDate(this.lo) : null;
            this.hiMs = (kind == Kind.DATE && this.hi != null) ? parseDate(this.hi) : null;
        }

        @Override public boolean matches(IndexDoc d) {
            if (kind == Kind.DATE) {
                Long v = d.date(field);
                if (v == null) return false;
                if (loMs != null && (loIncl ? v < loMs : v <= loMs)) return false;
                if (hiMs != null && (hiIncl ? v > hiMs : v >= hiMs)) return false;
                return true;
            }
            List<String> values = kind == Kind.TEXT ? d.textTokens(field) : d.strings(field);
            for (String v : values) {
                if (lo != null) { int c = v.compareTo(lo); if (loIncl ? c < 0 : c <= 0) continue; }
                if (hi != null) { int c = v.compareTo(hi); if (hiIncl ? c > 0 : c >= 0) continue; }
                return true;
            }
            return false;
        }

        @Override public SimIndex.Plan plan(SimIndex idx) {
            if (!field.equals("metadata_modified")) return null;
            return SimIndex.Plan.range(loMs == null ? Long.MIN_VALUE : loMs, hiMs == null ? Long.MAX_VALUE : hiMs);
        }
    }

    // ------------------------------------------------------------------------------------------- parsing

    /** Parses a query string with the given default operator (CKAN sends q.op=AND). */
    static Node parse(String q, boolean defaultAnd) {
        if (q == null || q.isBlank()) return ALL;
        Parser p = new Parser(q, defaultAnd);
        Node n = p.parseQuery(null);
        p.skipWs();
        if (p.pos < p.s.length()) throw new SyntaxError("Cannot parse '" + q + "': unexpected '" + p.s.charAt(p.pos) + "'");
        return n;
    }

    private static final class Parser {
        final String s; final boolean defaultAnd; int pos;
        Parser(String s, boolean defaultAnd) { this.s = s; this.defaultAnd = defaultAnd; }

        void skipWs() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        boolean atWord(String w) {
            if (!s.startsWith(w, pos)) return false;
            int end = pos + w.length();
            return end >= s.length() || Character.isWhitespace(s.charAt(end)) || s.charAt(end) == '(';
        }

        /** Parses clauses until end or ')' ; defaultField is set inside field:( ... ). */
        Node parseQuery(String defaultField) {
            List<Clause> clauses = new ArrayList<>();
            while (true) {
                skipWs();
                if (pos >= s.length() || s.charAt(pos) == ')') break;
                int conj = 0; // 0 none, 1 AND, 2 OR
                if (atWord("AND") || s.startsWith("&&", pos)) { conj = 1; pos += s.startsWith("&&", pos) ? 2 : 3; skipWs(); }
                else if (atWord("OR") || s.startsWith("||", pos)) { conj = 2; pos += 2; skipWs(); }
                if (clauses.isEmpty() && conj != 0) throw new SyntaxError("Cannot parse '" + s + "': leading operator");
                int mods = 0; // 0 none, 1 required, 2 not
                if (pos < s.length() && s.charAt(pos) == '+') { mods = 1; pos++; }
                else if (pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '!')) { mods = 2; pos++; }
                else if (atWord("NOT")) { mods = 2; pos += 3; skipWs(); }
                Node node = parseClause(defaultField);
                addClause(clauses, conj, mods, node);
            }
            if (clauses.size() == 1 && clauses.get(0).occur != Occur.MUST_NOT) return clauses.get(0).node;
            return new Bool(clauses);
        }

        /** Lucene QueryParserBase.addClause, verbatim in spirit. */
        void addClause(List<Clause> clauses, int conj, int mods, Node q) {
            if (!clauses.isEmpty() && conj == 1) {
                Clause c = clauses.get(clauses.size() - 1);
                if (c.occur != Occur.MUST_NOT) clauses.set(clauses.size() - 1, new Clause(Occur.MUST, c.node));
            }
            if (!clauses.isEmpty() && defaultAnd && conj == 2) {
                Clause c = clauses.get(clauses.size() - 1);
                if (c.occur != Occur.MUST_NOT) clauses.set(clauses.size() - 1, new Clause(Occur.SHOULD, c.node));
            }
            boolean required, prohibited;
            if (!defaultAnd) {
                required = mods == 1; prohibited = mods == 2;
                if (conj == 1 && !prohibited) required = true;
            } else {
                prohibited = mods == 2;
                required = !prohibited && conj != 2;
            }
            Occur o = required ? Occur.MUST : prohibited ? Occur.MUST_NOT : Occur.SHOULD;
            clauses.add(new Clause(o, q));
        }

        Node parseClause(String defaultField) {
            skipWs();
            if (pos >= s.length()) throw new SyntaxError("Cannot parse '" + s + "': unexpected end");
            if (s.startsWith("{!", pos)) throw new SyntaxError("Local parameters are not supported");
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                Node n = parseQuery(defaultField);
                expect(')');
                return n;
            }
            if (c == '*' && s.startsWith("*:*", pos)) { pos += 3; return ALL; }
            String field = defaultField;
            // field name followed by ':'
            int save = pos;
            String word = readFieldName();
            if (word != null && pos < s.length() && s.charAt(pos) == ':') {
                pos++;
                field = word;
                kindOf(field); // fail fast on unknown fields, as Solr does
                if (pos < s.length() && s.charAt(pos) == '(') {
                    pos++;
                    Node n = parseQuery(field);
                    expect(')');
                    return n;
                }
            } else {
                pos = save;
            }
            if (field == null) field = "text"; // CKAN sets df=text
            return parseValue(field);
        }

        String readFieldName() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') pos++; else break;
            }
            return pos > start ? s.substring(start, pos) : null;
        }

        Node parseValue(String field) {
            if (pos >= s.length()) throw new SyntaxError("Cannot parse '" + s + "': missing value for " + field);
            char c = s.charAt(pos);
            if (c == '"') return new Term(field, readQuoted(), true);
            if (c == '[' || c == '{') {
                boolean loIncl = c == '[';
                pos++;
                skipWs();
                String lo = readRangeTerm();
                skipWs();
                if (!s.startsWith("TO", pos)) throw new SyntaxError("Cannot parse '" + s + "': expected TO in range");
                pos += 2;
                skipWs();
                String hi = readRangeTerm();
                skipWs();
                if (pos >= s.length() || (s.charAt(pos) != ']' && s.charAt(pos) != '}')) {
                    throw new SyntaxError("Cannot parse '" + s + "': unterminated range");
                }
                boolean hiIncl = s.charAt(pos) == ']';
                pos++;
                return new Range(field, lo, hi, loIncl, hiIncl);
            }
            String term = readTerm();
            if (term.isEmpty()) throw new SyntaxError("Cannot parse '" + s + "': unexpected '" + c + "'");
            return new Term(field, term, false);
        }

        String readQuoted() {
            pos++; // opening quote
            StringBuilder b = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != '"') {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) c = s.charAt(pos++);
                b.append(c);
            }
            if (pos >= s.length()) throw new SyntaxError("Cannot parse '" + s + "': unterminated phrase");
            pos++;
            return b.toString();
        }

        String readRangeTerm() {
            if (pos < s.length() && s.charAt(pos) == '"') return readQuoted();
            StringBuilder b = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c) || c == ']' || c == '}') break;
                if (c == '\\' && pos + 1 < s.length()) { b.append(s.charAt(pos + 1)); pos += 2; continue; }
                b.append(c); pos++;
            }
            return b.toString();
        }

        String readTerm() {
            StringBuilder b = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\\' && pos + 1 < s.length()) { b.append(s.charAt(pos + 1)); pos += 2; continue; }
                if (Character.isWhitespace(c) || "()[]{}\":^~".indexOf(c) >= 0) {
                    if (c == ':' ) throw new SyntaxError("Cannot parse '" + s + "': unescaped ':' in a term");
                    if (c == '^' || c == '~') throw new SyntaxError("boosts/fuzzy queries are not supported by the simulator");
                    break;
                }
                b.append(c); pos++;
            }
            return b.toString();
        }

        void expect(char c) {
            skipWs();
            if (pos >= s.length() || s.charAt(pos) != c) throw new SyntaxError("Cannot parse '" + s + "': expected '" + c + "'");
            pos++;
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /**
     * Solr date syntax: ISO instant with a mandatory 'Z' (fraction of any length, kept to ms), or NOW with
     * simple date math (NOW-1DAY, NOW+2HOURS, NOW/DAY is not supported).
     */
    static long parseDate(String v) {
        if (v.startsWith("NOW")) {
            long now = System.currentTimeMillis();
            String rest = v.substring(3);
            if (rest.isEmpty()) return now;
            var m = Pattern.compile("([+-])(\\d+)(MILLI|SECOND|MINUTE|HOUR|DAY|WEEK|MONTH|YEAR)S?").matcher(rest);
            if (!m.matches()) throw new SyntaxError("Invalid Date Math String:'" + v + "'");
            long n = Long.parseLong(m.group(2)) * ("-".equals(m.group(1)) ? -1 : 1);
            long unit = switch (m.group(3)) {
                case "MILLI" -> 1L; case "SECOND" -> 1000L; case "MINUTE" -> 60_000L; case "HOUR" -> 3_600_000L;
                case "DAY" -> 86_400_000L; case "WEEK" -> 7 * 86_400_000L; case "MONTH" -> 30 * 86_400_000L;
                default -> 365 * 86_400_000L;
            };
            return now + n * unit;
        }
        if (!v.endsWith("Z")) throw new SyntaxError("Invalid Date String:'" + v + "'");
        try {
            return Instant.parse(v).truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new SyntaxError("Invalid Date String:'" + v + "'");
        }
    }

    static String globToRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') b.append(".*");
            else if (c == '?') b.append('.');
            else b.append(Pattern.quote(String.valueOf(c)));
        }
        return b.toString();
    }

    static boolean containsSequence(List<String> hay, List<String> needle) {
        if (needle.isEmpty()) return false;
        outer:
        for (int i = 0; i + needle.size() <= hay.size(); i++) {
            for (int j = 0; j < needle.size(); j++) if (!hay.get(i + j).equals(needle.get(j))) continue outer;
            return true;
        }
        return false;
    }

    private SolrQuery() { }
}
