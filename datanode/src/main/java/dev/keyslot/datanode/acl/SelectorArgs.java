package dev.keyslot.datanode.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * Rules given as separate arguments may spell one selector across several of them ("(~key1", "+get)"):
 * they are joined with spaces into one "(...)" rule, as Redis's ACLMergeSelectorArguments does.
 */
final class SelectorArgs {
    private SelectorArgs() {
    }

    /** The merged rules, or null when a selector's parenthesis is never closed. */
    static List<String> merge(List<String> rules) {
        return unmatchedIndex(rules) >= 0 ? null : mergeBalanced(rules);
    }

    /** The rule that opens the unclosed selector (for the error text). */
    static String unmatched(List<String> rules) {
        return rules.get(unmatchedIndex(rules));
    }

    private static int unmatchedIndex(List<String> rules) {
        int open = -1;
        for (int j = 0; j < rules.size(); j++) {
            String op = rules.get(j);
            if (opens(op)) {
                open = j;
            } else if (open >= 0 && closes(op)) {
                open = -1;
            }
        }
        return open;
    }

    private static List<String> mergeBalanced(List<String> rules) {
        List<String> merged = new ArrayList<>();
        StringBuilder selector = null;
        for (String op : rules) {
            if (opens(op)) {
                // A new opening parenthesis starts over, dropping an unclosed selector, as Redis does.
                selector = new StringBuilder(op);
            } else if (selector != null) {
                selector.append(' ').append(op);
                if (closes(op)) {
                    merged.add(selector.toString());
                    selector = null;
                }
            } else {
                merged.add(op);
            }
        }
        return merged;
    }

    private static boolean opens(String op) {
        return op.startsWith("(") && !op.endsWith(")");
    }

    private static boolean closes(String op) {
        return op.endsWith(")");
    }
}
