package io.citustestkit.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One multi-task statement as the coordinator's log recorded it: its text ({@code $n} for the parameters of an
 * extended-protocol statement), the parameter values as the log writes them ({@code $1 = 'open', $2 = NULL}; empty
 * when there are none or the log does not have them), other context lines (the PL/pgSQL function a statement came
 * from), and the shards it touches as {@code EXPLAIN} counts them afterwards, or why that count is not known.
 *
 * <pre>{@code
 * LoggedStatement s = new LoggedStatement("SELECT count(*) FROM orders WHERE status = $1", "$1 = 'open'", "");
 * s.parameterLiterals(); // ["'open'"]
 * }</pre>
 */
public record LoggedStatement(String sql, String parameters, String context, Integer shards, String shardsUnknown) {

    /** A statement read from the log, shards not counted yet. */
    public LoggedStatement(String sql, String parameters, String context) {
        this(sql, parameters, context, null, null);
    }

    /** This statement with its shard count. */
    public LoggedStatement withShards(int count) {
        return new LoggedStatement(sql, parameters, context, count, null);
    }

    /** This statement with the reason its shard count is not known. */
    public LoggedStatement withShardsUnknown(String why) {
        return new LoggedStatement(sql, parameters, context, null, why);
    }

    /**
     * The parameter values as SQL literals, in order ({@code 'open'}, {@code NULL}), read from the log's
     * {@code $1 = 'open', $2 = NULL}.
     */
    public List<String> parameterLiterals() {
        List<String> out = new ArrayList<>();
        String p = parameters;
        int i = 0;
        while (i < p.length()) {
            int eq = p.indexOf(" = ", i);
            if (eq < 0) {
                break;
            }
            int v = eq + 3;
            if (p.startsWith("NULL", v)) {
                out.add("NULL");
                i = v + 4;
            } else if (v < p.length() && p.charAt(v) == '\'') {
                int j = v + 1;
                while (j < p.length()) {
                    if (p.charAt(j) == '\'') {
                        if (j + 1 < p.length() && p.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.add(p.substring(v, Math.min(j + 1, p.length())));
                i = j + 1;
            } else {
                break;
            }
            i = p.indexOf('$', i);
            if (i < 0) {
                break;
            }
        }
        return out;
    }
}
