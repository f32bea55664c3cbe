package dev.bellman.tensor;

import java.util.Arrays;

/**
 * Shape and indexing ops: concat, stack, split, slice, flatten, permute/transpose, (un)squeeze,
 * expand, gather, indexSelect, oneHot.
 *
 * <p>Views sharing storage: reshape-like ops (flatten, unsqueeze, squeeze) and {@code slice}
 * along an axis whose leading dimensions are all 1 (in particular axis 0), which is contiguous.
 * Every other op here copies.
 */
final class ShapeOps {
    private ShapeOps() {}

    private static String s(int[] shape) { return Arrays.toString(shape); }

    // ------------------------------------------------------------------ slice / split

    static Tensor slice(Tensor x, int axis, int start, int end) {
        int ax = Shapes.axis(axis, x.rank(), "slice");
        int n = x.shape[ax];
        if (start < 0 || end > n || start > end) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") is not inside [0, " + n
                    + "] along axis " + axis + " of shape " + s(x.shape));
        }
        int outer = Reductions.outer(x.shape, ax), inner = Reductions.inner(x.shape, ax);
        int k = end - start;
        int[] shape = x.shape.clone();
        shape[ax] = k;
        int chunk = k * inner;
        if (outer == 1) { // contiguous: a view
            int from = start * inner;
            Tensor r = Tensor.view("slice", x, x.offset + from, shape, (o, g) -> {
                float[] gx = x.gradBuffer();
                for (int q = 0; q < chunk; q++) gx[from + q] += g[q];
            });
            if (Elementwise.hasTangent(x)) r.tangent = Arrays.copyOfRange(x.tangent, from, from + chunk);
            return r;
        }
        float[] out = new float[outer * chunk];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x.data, x.offset + (o * n + start) * inner, out, o * chunk, chunk);
        }
        Tensor r = Tensor.result("slice", out, shape, (o, g) -> {
            float[] gx = x.gradBuffer();
            for (int oo = 0; oo < outer; oo++) {
                int src = (oo * n + start) * inner;
                for (int q = 0; q < chunk; q++) gx[src + q] += g[oo * chunk + q];
            }
        }, x);
        if (Elementwise.hasTangent(x)) {
            float[] t = new float[outer * chunk];
            for (int o = 0; o < outer; o++) System.arraycopy(x.tangent, (o * n + start) * inner, t, o * chunk, chunk);
            r.tangent = t;
        }
        return r;
    }

    static Tensor[] split(Tensor x, int axis, int... sizes) {
        int ax = Shapes.axis(axis, x.rank(), "split");
        int total = 0;
        for (int sz : sizes) {
            if (sz < 0) throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            total += sz;
        }
        if (total != x.shape[ax]) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " sum to " + total
                    + " but axis " + axis + " of shape " + s(x.shape) + " has length " + x.shape[ax]);
        }
        Tensor[] parts = new Tensor[sizes.length];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            parts[i] = slice(x, ax, start, start + sizes[i]);
            start += sizes[i];
        }
        return parts;
    }

    // ------------------------------------------------------------------ concat / stack

    static Tensor concat(int axis, Tensor... ts) {
        return concat("concat", axis, ts);
    }

    private static Tensor concat(String name, int axis, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException(name + ": needs at least one tensor");
        int[] s0 = ts[0].shape;
        int ax = Shapes.axis(axis, s0.length, name);
        int total = 0;
        for (Tensor t : ts) {
            boolean ok = t.rank() == s0.length;
            for (int d = 0; ok && d < s0.length; d++) ok = d == ax || t.shape[d] == s0[d];
            if (!ok) {
                throw new IllegalArgumentException(name + ": shapes " + s(s0) + " and " + s(t.shape)
                        + " differ outside axis " + axis);
            }
            total += t.shape[ax];
        }
        int outer = Reductions.outer(s0, ax), inner = Reductions.inner(s0, ax);
        int[] shape = s0.clone();
        shape[ax] = total;
        int row = total * inner;
        float[] out = new float[outer * row];
        int[] starts = new int[ts.length];
        for (int j = 0, off = 0; j < ts.length; j++) {
            starts[j] = off;
            off += ts[j].shape[ax] * inner;
        }
        for (int j = 0; j < ts.length; j++) {
            Tensor t = ts[j];
            int chunk = t.shape[ax] * inner;
            for (int o = 0; o < outer; o++) System.arraycopy(t.data, t.offset + o * chunk, out, o * row + starts[j], chunk);
        }
        Tensor r = Tensor.result(name, out, shape, (o, g) -> {
            for (int j = 0; j < ts.length; j++) {
                Tensor t = ts[j];
                if (!t.requiresGrad) continue;
                float[] gt = t.gradBuffer();
                int chunk = t.shape[ax] * inner;
                for (int oo = 0; oo < outer; oo++) {
                    int src = oo * row + starts[j];
                    for (int q = 0; q < chunk; q++) gt[oo * chunk + q] += g[src + q];
                }
            }
        }, ts.clone());
        boolean anyTangent = false;
        for (Tensor t : ts) anyTangent |= t.tangent != null;
        if (anyTangent && Tensor.isForwardADEnabled()) {
            float[] tan = new float[out.length];
            for (int j = 0; j < ts.length; j++) {
                Tensor t = ts[j];
                if (t.tangent == null) continue;
                int chunk = t.shape[ax] * inner;
                for (int o = 0; o < outer; o++) System.arraycopy(t.tangent, o * chunk, tan, o * row + starts[j], chunk);
            }
            r.tangent = tan;
        }
        return r;
    }

    static Tensor stack(int axis, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("stack: needs at least one tensor");
        int r = ts[0].rank();
        int ax = Shapes.axis(axis, r + 1, "stack");
        Tensor[] us = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (!Arrays.equals(ts[i].shape, ts[0].shape)) {
                throw new IllegalArgumentException("stack: shapes " + s(ts[0].shape) + " and " + s(ts[i].shape) + " differ");
            }
            us[i] = unsqueeze(ts[i], ax);
        }
        return concat("stack", ax, us);
    }

    // ------------------------------------------------------------------ reshape family (views)

    static Tensor flatten(Tensor x, int startAxis) {
        if (x.rank() == 0) return x.reshape(1);
        int a = Shapes.axis(startAxis, x.rank(), "flatten");
        int[] shape = new int[a + 1];
        System.arraycopy(x.shape, 0, shape, 0, a);
        int p = 1;
        for (int i = a; i < x.rank(); i++) p *= x.shape[i];
        shape[a] = p;
        return x.reshape(shape);
    }

    static Tensor unsqueeze(Tensor x, int axis) {
        int a = Shapes.axis(axis, x.rank() + 1, "unsqueeze");
        int[] shape = new int[x.rank() + 1];
        for (int i = 0, j = 0; i < shape.length; i++) shape[i] = i == a ? 1 : x.shape[j++];
        return x.reshape(shape);
    }

    static Tensor squeeze(Tensor x, int axis) {
        int a = Shapes.axis(axis, x.rank(), "squeeze");
        if (x.shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + s(x.shape) + " has length "
                    + x.shape[a] + ", not 1");
        }
        return x.reshape(Reductions.reducedShape(x.shape, a, false));
    }

    // ------------------------------------------------------------------ permute / transpose / expand

    /** dst[outFlat] = src[srcFlat] (copy) or dst[srcFlat] += src[outFlat] (scatter) over a permutation. */
    private static void permuteLoop(float[] src, int so, int[] shape, int[] perm, float[] dst, boolean scatter) {
        int r = shape.length;
        int[] st = Shapes.strides(shape);
        int[] os = new int[r], ost = new int[r];
        for (int i = 0; i < r; i++) {
            os[i] = shape[perm[i]];
            ost[i] = st[perm[i]];
        }
        int n = Shapes.size(shape);
        if (r == 2 && perm[0] == 1) { // plain 2-D transpose
            int rows = shape[0], cols = shape[1];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    if (scatter) dst[i * cols + j] += src[so + j * rows + i];
                    else dst[j * rows + i] = src[so + i * cols + j];
                }
            }
            return;
        }
        int[] idx = new int[r];
        int cur = 0;
        for (int f = 0; f < n; f++) {
            if (scatter) dst[cur] += src[so + f];
            else dst[f] = src[so + cur];
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                cur += ost[d];
                if (idx[d] < os[d]) break;
                cur -= ost[d] * os[d];
                idx[d] = 0;
            }
        }
    }

    static Tensor permute(Tensor x, int... perm) {
        int r = x.rank();
        if (perm.length != r) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " is not a permutation of the "
                    + r + " axes of shape " + s(x.shape));
        }
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = Shapes.axis(perm[i], r, "permute");
            if (seen[p[i]]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " repeats an axis (shape " + s(x.shape) + ")");
            }
            seen[p[i]] = true;
        }
        int[] shape = new int[r];
        for (int i = 0; i < r; i++) shape[i] = x.shape[p[i]];
        float[] out = new float[x.size];
        permuteLoop(x.data, x.offset, x.shape, p, out, false);
        int[] inShape = x.shape;
        Tensor res = Tensor.result("permute", out, shape, (o, g) -> permuteLoop(g, 0, inShape, p, x.gradBuffer(), true), x);
        if (Elementwise.hasTangent(x)) {
            float[] t = new float[x.size];
            permuteLoop(x.tangent, 0, x.shape, p, t, false);
            res.tangent = t;
        }
        return res;
    }

    static Tensor transpose(Tensor x, int a, int b) {
        int r = x.rank();
        int aa = Shapes.axis(a, r, "transpose"), bb = Shapes.axis(b, r, "transpose");
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[aa] = bb;
        perm[bb] = aa;
        return permute(x, perm);
    }

    static Tensor expand(Tensor x, int... shape) {
        int[] target = shape.clone();
        int off = target.length - x.rank();
        if (off < 0) {
            throw new IllegalArgumentException("expand: cannot expand shape " + s(x.shape) + " to fewer dims " + s(shape));
        }
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (i < off) throw new IllegalArgumentException("expand: -1 in a new leading axis of " + s(shape));
                target[i] = x.shape[i - off];
            }
        }
        Shapes.check(target);
        int[] b = Shapes.broadcast(x.shape, target, "expand");
        if (!Arrays.equals(b, target)) {
            throw new IllegalArgumentException("expand: shape " + s(x.shape) + " cannot be expanded to " + s(shape));
        }
        float[] out = Elementwise.expand(x.data, x.offset, x.shape, target);
        Tensor r = Tensor.result("expand", out, target,
                (o, g) -> Elementwise.reduceInto(g, target, x.shape, x.gradBuffer(), 1f), x);
        if (Elementwise.hasTangent(x)) r.tangent = Elementwise.expand(x.tangent, 0, x.shape, target);
        return r;
    }

    // ------------------------------------------------------------------ indexing

    static Tensor gather(Tensor x, int axis, int[] index) {
        int ax = Shapes.axis(axis, x.rank(), "gather");
        int n = x.shape[ax], outer = Reductions.outer(x.shape, ax), inner = Reductions.inner(x.shape, ax);
        int rest = outer * inner;
        if (rest == 0 || index.length % rest != 0) {
            throw new IllegalArgumentException("gather: index of length " + index.length + " does not fit shape "
                    + s(x.shape) + " along axis " + axis + " (needs a multiple of " + rest + ")");
        }
        int k = index.length / rest;
        int[] idx = index.clone();
        int[] shape = x.shape.clone();
        shape[ax] = k;
        float[] out = new float[idx.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < inner; i++) {
                    int f = (o * k + j) * inner + i;
                    int v = idx[f];
                    if (v < 0 || v >= n) {
                        throw new IndexOutOfBoundsException("gather: index " + v + " at position " + f
                                + " is out of range [0, " + n + ") for axis " + axis + " of shape " + s(x.shape));
                    }
                    out[f] = x.data[x.offset + (o * n + v) * inner + i];
                }
            }
        }
        Tensor r = Tensor.result("gather", out, shape, (o, g) -> {
            float[] gx = x.gradBuffer();
            for (int oo = 0; oo < outer; oo++) {
                for (int j = 0; j < k; j++) {
                    for (int i = 0; i < inner; i++) {
                        int f = (oo * k + j) * inner + i;
                        gx[(oo * n + idx[f]) * inner + i] += g[f];
                    }
                }
            }
        }, x);
        if (Elementwise.hasTangent(x)) {
            float[] t = new float[idx.length];
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < k; j++) {
                    for (int i = 0; i < inner; i++) {
                        int f = (o * k + j) * inner + i;
                        t[f] = x.tangent[(o * n + idx[f]) * inner + i];
                    }
                }
            }
            r.tangent = t;
        }
        return r;
    }

    static Tensor indexSelect(Tensor x, int axis, int[] index) {
        int ax = Shapes.axis(axis, x.rank(), "indexSelect");
        int n = x.shape[ax], outer = Reductions.outer(x.shape, ax), inner = Reductions.inner(x.shape, ax);
        int[] idx = index.clone();
        for (int j = 0; j < idx.length; j++) {
            if (idx[j] < 0 || idx[j] >= n) {
                throw new IndexOutOfBoundsException("indexSelect: index " + idx[j] + " at position " + j
                        + " is out of range [0, " + n + ") for axis " + axis + " of shape " + s(x.shape));
            }
        }
        int k = idx.length;
        int[] shape = x.shape.clone();
        shape[ax] = k;
        float[] out = new float[outer * k * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                System.arraycopy(x.data, x.offset + (o * n + idx[j]) * inner, out, (o * k + j) * inner, inner);
            }
        }
        Tensor r = Tensor.result("indexSelect", out, shape, (o, g) -> {
            float[] gx = x.gradBuffer();
            for (int oo = 0; oo < outer; oo++) {
                for (int j = 0; j < k; j++) {
                    int dst = (oo * n + idx[j]) * inner, src = (oo * k + j) * inner;
                    for (int i = 0; i < inner; i++) gx[dst + i] += g[src + i];
                }
            }
        }, x);
        if (Elementwise.hasTangent(x)) {
            float[] t = new float[out.length];
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < k; j++) {
                    System.arraycopy(x.tangent, (o * n + idx[j]) * inner, t, (o * k + j) * inner, inner);
                }
            }
            r.tangent = t;
        }
        return r;
    }

    static Tensor oneHot(int[] idx, int numClasses) {
        if (numClasses <= 0) throw new IllegalArgumentException("oneHot: numClasses must be positive but was " + numClasses);
        float[] out = new float[idx.length * numClasses];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= numClasses) {
                throw new IndexOutOfBoundsException("oneHot: index " + idx[i] + " at position " + i
                        + " is out of range [0, " + numClasses + ")");
            }
            out[i * numClasses + idx[i]] = 1f;
        }
        return Tensor.of(out, idx.length, numClasses);
    }
}
