package dev.bellman.tensor;

import dev.bellman.tensor.kernels.Gemm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A float32 N-dimensional tensor with reverse-mode automatic differentiation.
 *
 * <p>Storage is row-major and contiguous, starting at {@link #offset()} in {@link #data()}.
 * Views (reshape, slices along the first axis) share storage with their source; every other
 * op allocates its output. Each op that has an input requiring gradients records its parents
 * and a backward function on the tape; {@link #backward()} walks the tape in reverse
 * topological order and accumulates ({@code +=}) into the gradients of the inputs.
 *
 * <p>Grad mode is per thread: inside {@code try (var g = Tensor.noGrad()) {...}} no tape is
 * recorded, which is how action selection and target computation run.
 *
 * <h2>Ops</h2>
 * Elementwise ops broadcast as NumPy ({@link Elementwise}); reductions and the softmax family
 * ({@link Reductions}); shape and indexing ops ({@link ShapeOps}); nn ops in {@link Ops} and {@link Norms};
 * losses in {@link Losses}; JVP/VJP helpers in {@link Autodiff}. Axes may be negative. Shape
 * errors throw {@link IllegalArgumentException} naming the op and the shapes involved. Ops with no
 * derivative (comparisons, {@code sign}, {@code floor}) throw {@link UnsupportedOperationException}
 * naming the op when a backward pass or a tangent reaches them; compute them on detached inputs.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li>Backward functions work on raw arrays and are first order only: there is no double
 *       backward. Second-order quantities (the Fisher-vector products of TRPO) are computed by
 *       forward-mode JVP instead: each op's tangent rule propagates a tangent alongside the value
 *       inside a {@link #forwardAD} scope ({@link Autodiff#jvp}), and a reverse pass then applies
 *       the transposed Jacobian ({@link Autodiff#vjp}). Inputs without a tangent count as zero.</li>
 *   <li>Anomaly mode ({@link #setAnomalyDetection}) checks every op output for NaN/Inf and
 *       throws naming the op and its input shapes.</li>
 *   <li>In-place modification is tracked by a version counter per storage, as PyTorch's
 *       {@code _version}: views, {@link #detach()} and {@link #requiresGrad_()} share their source's counter;
 *       {@link #copy_}, {@link #fill_} and {@link #bumpVersion()} (which code writing through {@link #data()}
 *       calls: the optimizers, {@code Module.copyFrom/polyakFrom/loadStateDict}) increment it. An op that records
 *       the tape records the versions of its inputs and of its output; {@link #backward()} checks them before it
 *       runs the op's backward and throws {@link IllegalStateException} naming the modified tensor (shape and
 *       {@link #name()}) and the op, instead of computing a gradient from the overwritten values. The check is
 *       conservative: every input of a taped op counts as saved, also those whose values its backward does not
 *       read. Nothing is recorded under {@link #noGrad()}, so acting and target computations pay nothing; a
 *       taped op pays one small int array. Writes through {@link #data()} that do not call
 *       {@link #bumpVersion()} go unnoticed (as writes to PyTorch's {@code .data}).</li>
 * </ul>
 */
public final class Tensor {

    /** Accumulates gradients into the parents of {@code out}, given {@code out}'s gradient. */
    @FunctionalInterface
    public interface Backward {
        void apply(Tensor out, float[] gradOut);
    }

    final float[] data;
    final int offset;
    final int[] shape;
    final int size;
    final boolean requiresGrad;
    final String op;
    final Tensor[] parents;
    final Backward backward;
    float[] grad;
    /** The tensor that owns the version counter of {@link #data} (this one, unless a view/alias of another). */
    final Tensor base;
    /** In-place modifications of the storage so far; read and written on {@link #base} only. */
    int version;
    /** On a taped op's output: the versions of its parents, then its own, when the op ran; else null. */
    int[] savedVersions;
    /** An optional name for messages (a module parameter's hierarchical name). */
    String name;
    /** Forward-mode tangent (same layout as the value), or null; see {@link #forwardAD}. */
    float[] tangent;

    Tensor(float[] data, int offset, int[] shape, boolean requiresGrad, String op,
           Tensor[] parents, Backward backward) {
        this(data, offset, shape, requiresGrad, op, parents, backward, null);
    }

    /** As above; {@code alias}: a tensor whose storage this one shares (its version counter is shared), or null. */
    Tensor(float[] data, int offset, int[] shape, boolean requiresGrad, String op,
           Tensor[] parents, Backward backward, Tensor alias) {
        this.base = alias == null ? this : alias.base;
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.size = Shapes.size(shape);
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.parents = parents;
        this.backward = backward;
        if (offset < 0 || offset + size > data.length) {
            throw new IllegalArgumentException("storage of length " + data.length
                    + " cannot hold shape " + Arrays.toString(shape) + " at offset " + offset);
        }
    }

    // ------------------------------------------------------------------ factories

    /** Wraps {@code data} (not copied) as a tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        int[] s = shape.length == 0 && data.length != 1 ? new int[]{data.length} : shape.clone();
        Shapes.check(s);
        if (Shapes.size(s) != data.length) {
            throw new IllegalArgumentException("data of length " + data.length
                    + " does not match shape " + Arrays.toString(s) + " (" + Shapes.size(s) + " elements)");
        }
        return new Tensor(data, 0, s, false, "leaf", null, null);
    }

    /** A 1-D tensor copied from {@code values}. */
    public static Tensor vector(float... values) {
        return of(values.clone(), values.length);
    }

    /** A 0-d tensor. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[]{value}, 0, new int[0], false, "leaf", null, null);
    }

    public static Tensor zeros(int... shape) {
        Shapes.check(shape);
        return new Tensor(new float[Shapes.size(shape)], 0, shape.clone(), false, "leaf", null, null);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /** A trainable leaf: gradients accumulate into {@link #grad()}. Wraps {@code data}. */
    public static Tensor parameter(float[] data, int... shape) {
        Tensor t = of(data, shape);
        return new Tensor(t.data, 0, t.shape, true, "parameter", null, null);
    }

    /** This tensor's values as a trainable leaf sharing storage (and its version counter). */
    public Tensor requiresGrad_() {
        return new Tensor(data, offset, shape, true, "parameter", null, null, this);
    }

    // ------------------------------------------------------------------ accessors

    public int[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public int size() { return size; }
    public int dim(int axis) { return shape[Shapes.axis(axis, shape.length, "dim")]; }
    /** Backing storage; this tensor's elements are {@code data()[offset() .. offset()+size())}. */
    public float[] data() { return data; }
    public int offset() { return offset; }
    public boolean requiresGrad() { return requiresGrad; }
    public boolean isLeaf() { return backward == null; }
    /** Name of the op that produced this tensor ("leaf" or "parameter" for leaves). */
    public String op() { return op; }
    /** Accumulated gradient (length {@link #size()}, starting at index 0), or null if none yet. */
    public float[] grad() { return grad; }
    /** The gradient as a tensor (zeros if none has been accumulated). */
    public Tensor gradTensor() { return of(grad == null ? new float[size] : grad.clone(), shape); }
    /** Forward-mode tangent, or null. */
    public float[] tangent() { return tangent; }

    /** A copy of the elements. */
    public float[] toArray() { return Arrays.copyOfRange(data, offset, offset + size); }

    public float item() {
        if (size != 1) {
            throw new IllegalArgumentException("item() needs a tensor with one element, got shape " + Arrays.toString(shape));
        }
        return data[offset];
    }

    public float get(int... index) {
        return data[offset + Shapes.flatIndex(shape, index)];
    }

    /** Resets the accumulated gradient to zero (keeps the array). */
    public void zeroGrad() {
        if (grad != null) Arrays.fill(grad, 0f);
    }

    /** Sets the tangent used by forward-mode differentiation (copied). */
    public void setTangent(float[] t) {
        if (t.length != size) throw new IllegalArgumentException("tangent of length " + t.length + " for tensor of size " + size);
        tangent = t.clone();
    }

    /** The same values without a tape connection (shares storage and its version counter). */
    public Tensor detach() {
        return new Tensor(data, offset, shape, false, "detach", null, null, this);
    }

    // ------------------------------------------------------------------ in place (version counter)

    /**
     * How many times the storage has been modified in place ({@link #copy_}, {@link #fill_},
     * {@link #bumpVersion()}); shared by the views and aliases of one storage.
     */
    public int version() {
        return base.version;
    }

    /**
     * Records an in-place modification of the storage made through {@link #data()}: a backward pass through an op
     * that used the old values then fails instead of computing a wrong gradient. Optimizers and
     * {@code Module.copyFrom/polyakFrom/loadStateDict} call it; so must other code that overwrites a tensor that
     * may be on a live tape.
     */
    public void bumpVersion() {
        base.version++;
    }

    /** Copies {@code src}'s values (same size) into this tensor's storage, in place; returns this. */
    public Tensor copy_(Tensor src) {
        if (src.size != size) {
            throw new IllegalArgumentException("copy_: source of shape " + Arrays.toString(src.shape)
                    + " into tensor of shape " + Arrays.toString(shape) + " (sizes differ)");
        }
        System.arraycopy(src.data, src.offset, data, offset, size);
        bumpVersion();
        return this;
    }

    /** Sets every element to {@code value}, in place; returns this. */
    public Tensor fill_(float value) {
        Arrays.fill(data, offset, offset + size, value);
        bumpVersion();
        return this;
    }

    /** The name given by {@link #name(String)} (or the storage owner's), or null. */
    public String name() {
        return name != null ? name : base.name;
    }

    /** Names this tensor for error messages (modules name their parameters); returns this. */
    public Tensor name(String name) {
        this.name = name;
        return this;
    }

    /** A contiguous copy with offset 0, detached. */
    public Tensor copy() {
        return of(toArray(), shape);
    }

    void accumulateGrad(float[] g, int gOff) {
        if (!requiresGrad) return;
        if (grad == null) grad = new float[size];
        for (int i = 0; i < size; i++) grad[i] += g[gOff + i];
    }

    /**
     * A differentiable op written outside this package: {@code out} (not copied) as a tensor of {@code shape}, on the
     * tape as this package's ops are (recorded when grad mode is on and an input requires grad; the inputs' and the
     * output's versions are checked before its backward runs). {@code backward.apply(out, gradOut)} must add each
     * input's gradient into that input's {@link #gradAccumulator()}; it may run its own work on several threads
     * (for example a backward through two independent sub-tapes as two {@code Parallel} tasks) as long as the sums it
     * adds do not depend on the thread count.
     */
    public static Tensor custom(String op, float[] out, int[] shape, Backward backward, Tensor... inputs) {
        int[] s = shape.clone();
        Shapes.check(s);
        if (Shapes.size(s) != out.length) {
            throw new IllegalArgumentException("custom op '" + op + "': " + out.length + " values for shape "
                    + Arrays.toString(s));
        }
        return result(op, out, s, backward, inputs);
    }

    /**
     * This tensor's gradient accumulator, allocated as zeros on first use: where the backward of a {@link #custom}
     * op adds the gradient of its inputs ({@code acc[i] += g[i]}, as the built-in ops do).
     */
    public float[] gradAccumulator() {
        return gradBuffer();
    }

    /** Gradient buffer, allocated on first use (for backward functions that scatter into it). */
    float[] gradBuffer() {
        if (grad == null) grad = new float[size];
        return grad;
    }

    // ------------------------------------------------------------------ grad mode

    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final ThreadLocal<int[]> FORWARD_AD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static volatile boolean anomalyDetection;

    /** A scope in which no tape is recorded on this thread. */
    public static Scope noGrad() {
        int[] d = NO_GRAD_DEPTH.get();
        d[0]++;
        return () -> d[0]--;
    }

    /** True when ops on this thread record the tape. */
    public static boolean isGradEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /** A scope in which ops propagate {@link #tangent()}s (forward-mode JVP) on this thread. */
    public static Scope forwardAD() {
        int[] d = FORWARD_AD_DEPTH.get();
        d[0]++;
        return () -> d[0]--;
    }

    static boolean isForwardADEnabled() {
        return FORWARD_AD_DEPTH.get()[0] > 0;
    }

    /** Turns on checking of every op output for NaN/Inf (slow; for debugging). */
    public static void setAnomalyDetection(boolean on) {
        anomalyDetection = on;
    }

    public static boolean isAnomalyDetection() {
        return anomalyDetection;
    }

    /** A closeable scope that does not throw. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    // ------------------------------------------------------------------ op plumbing

    /**
     * Builds an op result. Records the tape if grad mode is on and any input requires grad;
     * checks for NaN/Inf in anomaly mode.
     */
    static Tensor result(String op, float[] out, int[] shape, Backward backward, Tensor... inputs) {
        boolean needs = false;
        if (backward != null && isGradEnabled()) {
            for (Tensor in : inputs) {
                if (in.requiresGrad) { needs = true; break; }
            }
        }
        Tensor t = needs ? new Tensor(out, 0, shape, true, op, inputs, backward)
                         : new Tensor(out, 0, shape, false, op, null, null);
        if (needs) t.savedVersions = versions(inputs, t);
        if (anomalyDetection) checkFinite(op, t, inputs);
        return t;
    }

    /** A view of {@code src}'s storage; gradient flows back through {@code backward}. */
    static Tensor view(String op, Tensor src, int offset, int[] shape, Backward backward) {
        boolean needs = src.requiresGrad && isGradEnabled();
        if (!needs) return new Tensor(src.data, offset, shape, false, op, null, null, src);
        Tensor t = new Tensor(src.data, offset, shape, true, op, new Tensor[]{src}, backward, src);
        t.savedVersions = versions(t.parents, t);
        return t;
    }

    /** The versions of {@code inputs}, then of {@code out}, now (recorded when an op adds itself to the tape). */
    private static int[] versions(Tensor[] inputs, Tensor out) {
        int[] v = new int[inputs.length + 1];
        for (int i = 0; i < inputs.length; i++) v[i] = inputs[i].base.version;
        v[inputs.length] = out.base.version;
        return v;
    }

    /** Fails if an input or the output of {@code t}'s op was modified in place since the op ran. */
    private static void checkVersions(Tensor t) {
        int[] saved = t.savedVersions;
        if (saved == null) return;
        Tensor[] ps = t.parents;
        for (int i = 0; i <= ps.length; i++) {
            Tensor x = i < ps.length ? ps[i] : t;
            if (x.base.version != saved[i]) {
                String which = i < ps.length ? "input " + i + " of op '" + t.op + "'" : "the output of op '" + t.op + "'";
                String name = x.name();
                throw new IllegalStateException("backward: a tensor needed for gradient computation was modified in place:"
                        + " tensor " + Arrays.toString(x.shape) + (name != null ? " '" + name + "'" : "") + ", " + which
                        + ", is at version " + x.base.version + " but the op used it at version " + saved[i]
                        + ". Modify tensors on a live tape (optimizer.step(), copyFrom, polyakFrom, copy_, fill_) only"
                        + " after backward, or run the forward pass again after the modification.");
            }
        }
    }

    static Tensor[] inputs(Tensor... ts) { return ts; }

    private static void checkFinite(String op, Tensor t, Tensor[] inputs) {
        for (int i = 0; i < t.size; i++) {
            float v = t.data[t.offset + i];
            if (Float.isNaN(v) || Float.isInfinite(v)) {
                StringBuilder sb = new StringBuilder();
                for (Tensor in : inputs) {
                    if (sb.length() > 0) sb.append(", ");
                    sb.append(Arrays.toString(in.shape));
                }
                throw new ArithmeticException("anomaly: op '" + op + "' produced " + v + " at flat index " + i
                        + " of output " + Arrays.toString(t.shape) + " (input shapes: " + sb + ")");
            }
        }
    }

    // ------------------------------------------------------------------ backward

    /** Backpropagates from this scalar (gradient 1). */
    public void backward() {
        if (size != 1) {
            throw new IllegalArgumentException("backward() needs a scalar output, got shape " + Arrays.toString(shape)
                    + "; use backward(gradOutput)");
        }
        backward(new float[]{1f});
    }

    /** Backpropagates {@code gradOutput} (same size as this tensor) through the tape. */
    public void backward(float[] gradOutput) {
        if (gradOutput.length != size) {
            throw new IllegalArgumentException("backward: gradient of length " + gradOutput.length
                    + " for output of shape " + Arrays.toString(shape));
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward: tensor produced by '" + op
                    + "' does not require grad (no input required grad, or it was computed under noGrad)");
        }
        List<Tensor> order = topologicalOrder(this);
        accumulateGrad(gradOutput, 0);
        try {
            runBackward(order);
        } catch (RuntimeException e) {
            // leave no half-propagated gradients on intermediate tensors behind
            for (Tensor t : order) if (t.backward != null) t.grad = null;
            throw e;
        }
    }

    private static void runBackward(List<Tensor> order) {
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t.backward == null || t.grad == null) continue;
            checkVersions(t);
            t.backward.apply(t, t.grad);
            if (anomalyDetection) {
                for (Tensor p : t.parents) {
                    if (p.grad == null) continue;
                    for (float g : p.grad) {
                        if (!Float.isFinite(g)) {
                            throw new ArithmeticException("anomaly: backward of op '" + t.op + "' produced a non-finite gradient "
                                    + g + " for an input of shape " + Arrays.toString(p.shape));
                        }
                    }
                }
            }
            // Non-leaf gradients are not kept: free them so repeated backward passes do not double count.
            t.grad = null;
        }
    }

    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Tensor[] ps = t.parents;
            if (ps != null && next < ps.length) {
                frame[1] = next + 1;
                Tensor p = ps[next];
                if (p.requiresGrad && visited.put(p, Boolean.TRUE) == null) {
                    stack.push(new Object[]{p, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order; // parents before children
    }

    static RuntimeException noDerivative(String op) {
        return new UnsupportedOperationException("op '" + op + "' has no derivative; compute it under Tensor.noGrad() or detach its inputs");
    }

    // ------------------------------------------------------------------ core ops (the pattern the other op classes follow)

    /**
     * Matrix product: [m,k]·[k,n] → [m,n]; batched [..., m, k]·[..., k, n] → [..., m, n] with the
     * batch dims broadcast; a 1-D left operand [k] acts as [1,k] (result [n]), a 1-D right operand
     * [k] as [k,1] (result [m]), as in NumPy.
     */
    public Tensor matmul(Tensor other) {
        if (rank() != 2 || other.rank() != 2) return Ops.matmul(this, other);
        if (shape[1] != other.shape[0]) {
            throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(shape) + " and "
                    + Arrays.toString(other.shape) + " are not compatible ([m,k]·[k,n])");
        }
        int m = shape[0], k = shape[1], n = other.shape[1];
        float[] out = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, data, offset, k, other.data, other.offset, n, 0f, out, 0, n);
        Tensor a = this, b = other;
        Tensor r = result("matmul", out, new int[]{m, n}, (o, g) -> {
            if (a.requiresGrad) { // dA = dC · Bᵀ
                Gemm.sgemm(false, true, m, k, n, g, 0, n, b.data, b.offset, n, 1f, a.gradBuffer(), 0, k);
            }
            if (b.requiresGrad) { // dB = Aᵀ · dC
                Gemm.sgemm(true, false, k, n, m, a.data, a.offset, k, g, 0, n, 1f, b.gradBuffer(), 0, n);
            }
        }, a, b);
        if (isForwardADEnabled() && (a.tangent != null || b.tangent != null)) {
            float[] t = new float[m * n];
            if (a.tangent != null) Gemm.sgemm(false, false, m, n, k, a.tangent, 0, k, b.data, b.offset, n, 1f, t, 0, n);
            if (b.tangent != null) Gemm.sgemm(false, false, m, n, k, a.data, a.offset, k, b.tangent, 0, n, 1f, t, 0, n);
            r.tangent = t;
        }
        return r;
    }

    /** Hyperbolic tangent, elementwise. */
    public Tensor tanh() {
        float[] out = new float[size];
        dev.bellman.tensor.kernels.FastMath.tanh(data, offset, out, 0, size);
        Tensor x = this;
        Tensor r = result("tanh", out, shape, (o, g) -> {
            float[] gx = x.gradBuffer();
            float[] y = o.data;
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * (1f - y[i] * y[i]);
        }, x);
        if (isForwardADEnabled() && x.tangent != null) {
            float[] t = new float[size];
            for (int i = 0; i < size; i++) t[i] = x.tangent[i] * (1f - out[i] * out[i]);
            r.tangent = t;
        }
        return r;
    }

    /** Sum of all elements, a 0-d tensor. */
    public Tensor sum() {
        double s = 0;
        for (int i = 0; i < size; i++) s += data[offset + i];
        Tensor x = this;
        Tensor r = result("sum", new float[]{(float) s}, new int[0], (o, g) -> {
            float[] gx = x.gradBuffer();
            float gv = g[0];
            for (int i = 0; i < gx.length; i++) gx[i] += gv;
        }, x);
        if (isForwardADEnabled() && x.tangent != null) {
            double t = 0;
            for (float v : x.tangent) t += v;
            r.tangent = new float[]{(float) t};
        }
        return r;
    }

    /** A view with a new shape of the same size; one dimension may be -1. */
    public Tensor reshape(int... newShape) {
        int[] s = Shapes.inferReshape(shape, newShape);
        Tensor x = this;
        Tensor r = view("reshape", x, offset, s, (o, g) -> x.accumulateGrad(g, 0));
        if (isForwardADEnabled() && x.tangent != null) r.tangent = x.tangent;
        return r;
    }

    // ------------------------------------------------------------------ elementwise (see Elementwise)

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) { return Elementwise.binary(Elementwise.ADD, this, other); }
    /** {@code this − other}, broadcasting. */
    public Tensor sub(Tensor other) { return Elementwise.binary(Elementwise.SUB, this, other); }
    /** {@code this ⊙ other}, broadcasting. */
    public Tensor mul(Tensor other) { return Elementwise.binary(Elementwise.MUL, this, other); }
    /** {@code this / other}, broadcasting. */
    public Tensor div(Tensor other) { return Elementwise.binary(Elementwise.DIV, this, other); }
    /** {@code this ^ other}, broadcasting; the exponent's gradient is 0 where the base is 0 (as PyTorch). */
    public Tensor pow(Tensor other) { return Elementwise.binary(Elementwise.POW, this, other); }
    /** Elementwise minimum, broadcasting; ties split the gradient evenly. */
    public Tensor minimum(Tensor other) { return Elementwise.binary(Elementwise.MIN, this, other); }
    /** Elementwise maximum, broadcasting; ties split the gradient evenly. */
    public Tensor maximum(Tensor other) { return Elementwise.binary(Elementwise.MAX, this, other); }
    /**
     * The angle atan2(this, other) in [−π, π] of the point (x = other, y = this), elementwise with broadcasting
     * ({@code torch.atan2(input, other)}). Gradients y ↦ x / (x² + y²) and x ↦ −y / (x² + y²); both 0 at the origin
     * (where PyTorch gives NaN).
     */
    public Tensor atan2(Tensor other) { return Elementwise.binary(Elementwise.ATAN2, this, other); }

    public Tensor add(float c) { return Elementwise.unary("add", Elementwise.ADD_C, c, 0f, this); }
    public Tensor sub(float c) { return Elementwise.unary("sub", Elementwise.ADD_C, -c, 0f, this); }
    public Tensor mul(float c) { return Elementwise.unary("mul", Elementwise.MUL_C, c, 0f, this); }
    public Tensor div(float c) { return Elementwise.unary("div", Elementwise.DIV_C, c, 0f, this); }
    public Tensor pow(float c) { return Elementwise.unary("pow", Elementwise.POW_C, c, 0f, this); }
    /** {@code c − this}. */
    public Tensor rsub(float c) { return Elementwise.unary("rsub", Elementwise.RSUB_C, c, 0f, this); }

    public Tensor neg() { return Elementwise.unary("neg", Elementwise.NEG, 0f, 0f, this); }
    public Tensor exp() { return Elementwise.unary("exp", Elementwise.EXP, 0f, 0f, this); }
    /** Natural logarithm (NaN for negative inputs, −∞ at 0). */
    public Tensor log() { return Elementwise.unary("log", Elementwise.LOG, 0f, 0f, this); }
    public Tensor sqrt() { return Elementwise.unary("sqrt", Elementwise.SQRT, 0f, 0f, this); }
    /** |x|; its gradient at 0 is 0. */
    public Tensor abs() { return Elementwise.unary("abs", Elementwise.ABS, 0f, 0f, this); }
    public Tensor square() { return Elementwise.unary("square", Elementwise.SQUARE, 0f, 0f, this); }
    /** sin x, elementwise (radians); used by differentiable physics models (Pendulum's dynamics). */
    public Tensor sin() { return Elementwise.unary("sin", Elementwise.SIN, 0f, 0f, this); }
    /** cos x, elementwise (radians). */
    public Tensor cos() { return Elementwise.unary("cos", Elementwise.COS, 0f, 0f, this); }

    /** Clamps to [lo, hi]; the gradient passes where lo ≤ x ≤ hi (PyTorch's rule). */
    public Tensor clamp(float lo, float hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("clamp: lo " + lo + " must be <= hi " + hi);
        return Elementwise.unary("clamp", Elementwise.CLAMP, lo, hi, this);
    }

    /** max(x, 0); gradient 0 at x = 0. */
    public Tensor relu() { return Elementwise.unary("relu", Elementwise.RELU, 0f, 0f, this); }
    /** x for x > 0, slope·x otherwise. */
    public Tensor leakyRelu(float slope) { return Elementwise.unary("leakyRelu", Elementwise.LEAKY_RELU, slope, 0f, this); }
    /** x for x > 0, alpha·(eˣ − 1) otherwise (Clevert et al. 2016). */
    public Tensor elu(float alpha) { return Elementwise.unary("elu", Elementwise.ELU, alpha, 0f, this); }
    /** Logistic sigmoid 1 / (1 + e⁻ˣ). */
    public Tensor sigmoid() { return Elementwise.unary("sigmoid", Elementwise.SIGMOID, 0f, 0f, this); }
    /** log(1 + eˣ), computed stably; x itself above 20 (PyTorch's threshold). */
    public Tensor softplus() { return Elementwise.unary("softplus", Elementwise.SOFTPLUS, 0f, 0f, this); }

    /** Selects {@code a} where {@code cond} is nonzero, else {@code b}; broadcasting all three. No gradient to cond. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Elementwise.where(cond, a, b); }

    /** 1 where {@code this > other} else 0 (broadcasting); no derivative. */
    public Tensor gt(Tensor other) { return Elementwise.compare(Elementwise.GT, this, other); }
    public Tensor lt(Tensor other) { return Elementwise.compare(Elementwise.LT, this, other); }
    public Tensor ge(Tensor other) { return Elementwise.compare(Elementwise.GE, this, other); }
    public Tensor le(Tensor other) { return Elementwise.compare(Elementwise.LE, this, other); }
    public Tensor eq(Tensor other) { return Elementwise.compare(Elementwise.EQ, this, other); }
    public Tensor gt(float c) { return Elementwise.compare(Elementwise.GT, this, c); }
    public Tensor lt(float c) { return Elementwise.compare(Elementwise.LT, this, c); }
    public Tensor ge(float c) { return Elementwise.compare(Elementwise.GE, this, c); }
    public Tensor le(float c) { return Elementwise.compare(Elementwise.LE, this, c); }
    public Tensor eq(float c) { return Elementwise.compare(Elementwise.EQ, this, c); }
    /** −1, 0 or 1 by sign; no derivative. */
    public Tensor sign() { return Elementwise.sign(this); }
    /** Rounds down; no derivative. */
    public Tensor floor() { return Elementwise.floor(this); }

    // ------------------------------------------------------------------ nn (see Ops)

    /** {@code x · wᵀ + b}, w of shape [out, in] as PyTorch, b [out] or null. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) { return Ops.linear(x, w, b); }

    // ------------------------------------------------------------------ reductions (see Reductions)

    public Tensor sum(int axis, boolean keepDim) { return Reductions.sum(this, axis, keepDim, false); }
    /** Mean of all elements, a 0-d tensor. */
    public Tensor mean() { return Reductions.meanAll(this); }
    public Tensor mean(int axis, boolean keepDim) { return Reductions.sum(this, axis, keepDim, true); }
    /** Maximum along an axis; the gradient goes to the first arg max. */
    public Tensor max(int axis, boolean keepDim) { return Reductions.max(this, axis, keepDim); }
    /** Maximum of all elements (0-d); the gradient goes to the first arg max. */
    public Tensor maxAll() { return Reductions.maxAll(this); }
    /** Index of the first maximum along an axis, flattened over the other axes (row-major); no gradient. */
    public int[] argmax(int axis) { return Reductions.argmax(this, axis); }
    /** log Σ exp along an axis, stable for large inputs. */
    public Tensor logSumExp(int axis, boolean keepDim) { return Reductions.logSumExp(this, axis, keepDim); }
    public Tensor softmax(int axis) { return Reductions.softmax(this, axis, false); }
    public Tensor logSoftmax(int axis) { return Reductions.softmax(this, axis, true); }

    // ------------------------------------------------------------------ indexing and shape (see ShapeOps)

    /**
     * {@code out[..., j, ...] = this[..., index[..., j, ...], ...]} along {@code axis}, as
     * torch.gather: {@code index} holds the output's elements in row-major order; the output has
     * this tensor's shape with the axis length {@code index.length / (product of the other dims)}.
     * For Q(s, a): {@code q.gather(1, actions)} on q [B, A] gives [B, 1].
     */
    public Tensor gather(int axis, int[] index) { return ShapeOps.gather(this, axis, index); }
    /** Selects the given positions along an axis (in that order, repeats allowed). */
    public Tensor indexSelect(int axis, int[] idx) { return ShapeOps.indexSelect(this, axis, idx); }
    /** A constant [idx.length, numClasses] tensor with a 1 at each index. */
    public static Tensor oneHot(int[] idx, int numClasses) { return ShapeOps.oneHot(idx, numClasses); }
    public static Tensor concat(int axis, Tensor... ts) { return ShapeOps.concat(axis, ts); }
    /** Stacks equal-shaped tensors along a new axis. */
    public static Tensor stack(int axis, Tensor... ts) { return ShapeOps.stack(axis, ts); }
    /** Splits along an axis into parts of the given sizes (which must sum to the axis length). */
    public Tensor[] split(int axis, int... sizes) { return ShapeOps.split(this, axis, sizes); }
    /** Elements [start, end) along an axis; a view sharing storage along axis 0 (or when all leading dims are 1), else a copy. */
    public Tensor slice(int axis, int start, int end) { return ShapeOps.slice(this, axis, start, end); }
    /** Merges axes startAxis.. into one (a view). */
    public Tensor flatten(int startAxis) { return ShapeOps.flatten(this, startAxis); }
    /** Swaps two axes (a copy). */
    public Tensor transpose(int a, int b) { return ShapeOps.transpose(this, a, b); }
    /** Reorders axes: output axis i is input axis perm[i] (a copy). */
    public Tensor permute(int... perm) { return ShapeOps.permute(this, perm); }
    /** Inserts an axis of length 1 (a view). */
    public Tensor unsqueeze(int axis) { return ShapeOps.unsqueeze(this, axis); }
    /** Removes an axis of length 1 (a view). */
    public Tensor squeeze(int axis) { return ShapeOps.squeeze(this, axis); }
    /** Broadcasts to a larger shape (a copy); -1 keeps a dimension. */
    public Tensor expand(int... shape) { return ShapeOps.expand(this, shape); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape)).append('(');
        int n = Math.min(size, 8);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(data[offset + i]);
        }
        if (size > n) sb.append(", ...");
        sb.append(requiresGrad ? ", op=" + op + ")" : ")");
        return sb.toString();
    }
}
