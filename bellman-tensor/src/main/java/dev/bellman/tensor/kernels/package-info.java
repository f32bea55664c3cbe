/**
 * Compute kernels under the tensor engine: SIMD through the incubating Vector API with a scalar
 * fallback behind the same entry points.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link dev.bellman.tensor.kernels.Gemm#sgemm} — row-major SGEMM, all transpose combinations,
 *       beta 0/1; {@link dev.bellman.tensor.kernels.Gemm#scalar} is the test oracle.</li>
 *   <li>{@link dev.bellman.tensor.kernels.Vec} — elementwise ops, ReLU and its backward mask,
 *       deterministic sum/dot, max, fill.</li>
 *   <li>{@link dev.bellman.tensor.kernels.FastMath} — exp, tanh, sigmoid with measured error bounds,
 *       bitwise equal on the scalar and SIMD paths.</li>
 *   <li>{@link dev.bellman.tensor.kernels.Kernels} — SIMD on/off ({@code -Dbellman.simd=false}),
 *       thread count ({@code -Dbellman.threads=N}); {@link dev.bellman.tensor.kernels.Parallel} —
 *       the fixed-partition scheme that keeps results independent of the thread count.</li>
 * </ul>
 *
 * <p>Classes named {@code *Simd} reference {@code jdk.incubator.vector} and are loaded only when
 * {@link dev.bellman.tensor.kernels.Kernels#simdEnabled()} is true, so the module is optional at
 * run time (the JVM needs {@code --add-modules jdk.incubator.vector} to use it).
 *
 * <p>Everything is single-threaded and deterministic by default (the {@code bellman} command line uses the
 * machine's cores, at most 4, unless {@code -Dbellman.threads} says otherwise). Results do not depend on the thread
 * count nor on the machine's vector width: where a SIMD kernel sums across lanes (the GEMM's dot form,
 * {@code Vec.sum}/{@code dot}) it follows the order of a 16-lane vector, which narrower vectors reproduce
 * exactly (see {@code GemmSimd}).
 */
package dev.bellman.tensor.kernels;
