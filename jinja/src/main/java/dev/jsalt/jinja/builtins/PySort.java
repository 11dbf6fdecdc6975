package dev.jsalt.jinja.builtins;

import dev.jsalt.jinja.value.Py;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Python's sorted(): stable, comparing with {@code <} only (so incomparable items raise TypeError as in
 * Python). Short lists use CPython's own algorithm (count_run + binary insertion sort, what listsort does below
 * 64 items), so even inconsistent orders (NaN) come out as in Python; longer ones a stable merge sort, identical
 * for any consistent order.
 */
public final class PySort {
    private PySort() {
    }

    public static List<Object> sorted(List<?> items, Function<Object, Object> key, boolean reverse) {
        int n = items.size();
        Object[] values = items.toArray();
        Object[] keys = new Object[n];
        for (int i = 0; i < n; i++) {
            keys[i] = key == null ? values[i] : key.apply(values[i]);
        }
        if (reverse) {
            reverse(keys);
            reverse(values);
        }
        if (n < 64) {
            binaryRunSort(keys, values, n);
        } else {
            mergeSort(keys, values, n);
        }
        if (reverse) {
            reverse(keys);
            reverse(values);
        }
        List<Object> out = new ArrayList<>(n);
        Collections.addAll(out, values);
        return out;
    }

    private static void reverse(Object[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            Object t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static boolean lt(Object a, Object b) {
        return Py.lt(a, b);
    }

    /** CPython: the whole list is one run of count_run extended by binarysort. */
    private static void binaryRunSort(Object[] keys, Object[] values, int n) {
        if (n < 2) {
            return;
        }
        int run = countRun(keys, values, 0, n);
        binarySort(keys, values, 0, n, run);
    }

    private static int countRun(Object[] keys, Object[] values, int lo, int hi) {
        int n = 1;
        if (lo + 1 == hi) {
            return 1;
        }
        boolean descending = lt(keys[lo + 1], keys[lo]);
        n = 2;
        if (descending) {
            for (int p = lo + 2; p < hi; p++) {
                if (!lt(keys[p], keys[p - 1])) {
                    break;
                }
                n++;
            }
            reverseRange(keys, lo, lo + n);
            reverseRange(values, lo, lo + n);
        } else {
            for (int p = lo + 2; p < hi; p++) {
                if (lt(keys[p], keys[p - 1])) {
                    break;
                }
                n++;
            }
        }
        return n;
    }

    private static void reverseRange(Object[] a, int lo, int hi) {
        for (int i = lo, j = hi - 1; i < j; i++, j--) {
            Object t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void binarySort(Object[] keys, Object[] values, int lo, int hi, int start) {
        for (int s = lo + start; s < hi; s++) {
            Object pivot = keys[s];
            Object pv = values[s];
            int l = lo;
            int r = s;
            while (l < r) {
                int p = l + ((r - l) >> 1);
                if (lt(pivot, keys[p])) {
                    r = p;
                } else {
                    l = p + 1;
                }
            }
            for (int p = s; p > l; p--) {
                keys[p] = keys[p - 1];
                values[p] = values[p - 1];
            }
            keys[l] = pivot;
            values[l] = pv;
        }
    }

    private static void mergeSort(Object[] keys, Object[] values, int n) {
        Object[] k2 = new Object[n];
        Object[] v2 = new Object[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    if (lt(keys[j], keys[i])) {
                        k2[k] = keys[j];
                        v2[k++] = values[j++];
                    } else {
                        k2[k] = keys[i];
                        v2[k++] = values[i++];
                    }
                }
                while (i < mid) {
                    k2[k] = keys[i];
                    v2[k++] = values[i++];
                }
                while (j < hi) {
                    k2[k] = keys[j];
                    v2[k++] = values[j++];
                }
            }
            System.arraycopy(k2, 0, keys, 0, n);
            System.arraycopy(v2, 0, values, 0, n);
        }
    }
}
