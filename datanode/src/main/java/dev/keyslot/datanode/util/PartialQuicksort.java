package dev.keyslot.datanode.util;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The partial quicksort Redis uses when only the first results of a sort are wanted (GEOSEARCH with COUNT,
 * SORT with LIMIT): Bentley and McIlroy's three-way partitioning quicksort with median-of-three (ninther
 * above 40 elements) pivots and insertion sort below 7 elements, which skips partitions lying wholly outside
 * the wanted positions. It is not stable, so elements that compare equal end up in an order of its own:
 * reproducing its steps exactly is what makes tied results come out as redis-server returns them.
 */
public final class PartialQuicksort {
    private PartialQuicksort() {
    }

    /** Sorts list so that positions from..to (inclusive) hold what a full sort puts there. */
    public static <T> void sort(List<T> list, Comparator<? super T> order, int from, int to) {
        sort(list, order, 0, list.size(), from, to);
    }

    private static <T> void sort(List<T> x, Comparator<? super T> order, int base, int n, int from, int to) {
        while (true) {
            if (n < 7) {
                for (int i = base + 1; i < base + n; i++) {
                    for (int j = i; j > base && order.compare(x.get(j - 1), x.get(j)) > 0; j--) {
                        Collections.swap(x, j, j - 1);
                    }
                }
                return;
            }
            Collections.swap(x, base, pivot(x, order, base, n));
            T pivot = x.get(base);
            // [base+1, lessStart) and (greaterEnd, end) collect the elements equal to the pivot while
            // [lessStart, low) is smaller and (high, greaterEnd] larger.
            int lessStart = base + 1;
            int low = base + 1;
            int high = base + n - 1;
            int greaterEnd = base + n - 1;
            while (true) {
                int c;
                while (low <= high && (c = order.compare(x.get(low), pivot)) <= 0) {
                    if (c == 0) {
                        Collections.swap(x, lessStart++, low);
                    }
                    low++;
                }
                while (low <= high && (c = order.compare(x.get(high), pivot)) >= 0) {
                    if (c == 0) {
                        Collections.swap(x, high, greaterEnd--);
                    }
                    high--;
                }
                if (low > high) {
                    break;
                }
                Collections.swap(x, low++, high--);
            }
            int end = base + n;
            int moved = Math.min(lessStart - base, low - lessStart);
            swapRuns(x, base, low - moved, moved);
            moved = Math.min(greaterEnd - high, end - greaterEnd - 1);
            swapRuns(x, low, end - moved, moved);
            int smaller = low - lessStart;
            if (smaller > 1 && overlaps(base, base + smaller - 1, from, to)) {
                sort(x, order, base, smaller, from, to);
            }
            int larger = greaterEnd - high;
            if (larger <= 1 || !overlaps(end - larger, end - 1, from, to)) {
                return;
            }
            base = end - larger;
            n = larger;
        }
    }

    private static <T> int pivot(List<T> x, Comparator<? super T> order, int base, int n) {
        int middle = base + n / 2;
        if (n == 7) {
            return middle;
        }
        int first = base;
        int last = base + n - 1;
        if (n > 40) {
            int step = n / 8;
            first = medianOfThree(x, order, first, first + step, first + 2 * step);
            middle = medianOfThree(x, order, middle - step, middle, middle + step);
            last = medianOfThree(x, order, last - 2 * step, last - step, last);
        }
        return medianOfThree(x, order, first, middle, last);
    }

    private static <T> int medianOfThree(List<T> x, Comparator<? super T> order, int a, int b, int c) {
        if (order.compare(x.get(a), x.get(b)) < 0) {
            if (order.compare(x.get(b), x.get(c)) < 0) {
                return b;
            }
            return order.compare(x.get(a), x.get(c)) < 0 ? c : a;
        }
        if (order.compare(x.get(b), x.get(c)) > 0) {
            return b;
        }
        return order.compare(x.get(a), x.get(c)) < 0 ? a : c;
    }

    private static <T> void swapRuns(List<T> x, int a, int b, int count) {
        for (int i = 0; i < count; i++) {
            Collections.swap(x, a + i, b + i);
        }
    }

    private static boolean overlaps(int first, int last, int from, int to) {
        return !(to < first || from > last);
    }
}
