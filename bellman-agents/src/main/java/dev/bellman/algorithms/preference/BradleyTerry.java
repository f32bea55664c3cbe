package dev.bellman.algorithms.preference;

import dev.bellman.tensor.Tensor;

/**
 * The Bradley-Terry model of a preference between two clips (Bradley and Terry 1952; Christiano et al. 2017, eq. 1):
 * <pre>
 *   P(σ¹ ≻ σ²) = exp(R¹) / (exp(R¹) + exp(R²)) = sigmoid(R¹ − R²),   R^i = Σ_t r̂(s_t^i, a_t^i)
 *   loss       = −[ μ log P(σ¹ ≻ σ²) + (1 − μ) log P(σ² ≻ σ¹) ]
 *              = μ softplus(−d) + (1 − μ) softplus(d),                d = R¹ − R²
 *   ∂loss/∂d   = sigmoid(d) − μ
 * </pre>
 * with the label μ = 1 when the first clip is preferred, 0 when the second is, and ½ for "equal" (a tie spreads the
 * label's mass evenly, as in the paper).
 */
public final class BradleyTerry {
    private BradleyTerry() {
    }

    /** P(first ≻ second) for the summed predicted rewards of the two clips. */
    public static double probability(double returnFirst, double returnSecond) {
        return 1 / (1 + Math.exp(returnSecond - returnFirst));
    }

    /** The cross-entropy loss of one comparison with label {@code mu} (1, 0 or ½). */
    public static double loss(double returnFirst, double returnSecond, double mu) {
        double d = returnFirst - returnSecond;
        return mu * softplus(-d) + (1 - mu) * softplus(d);
    }

    /** ∂loss/∂R¹ (= −∂loss/∂R²) of one comparison: sigmoid(R¹ − R²) − μ. */
    public static double gradient(double returnFirst, double returnSecond, double mu) {
        return probability(returnFirst, returnSecond) - mu;
    }

    /**
     * The mean loss over a minibatch, on the tape: {@code first} and {@code second} are the clips' summed predicted
     * rewards, shape {@code [B]}; {@code mu} holds the B labels.
     */
    public static Tensor loss(Tensor first, Tensor second, float[] mu) {
        int b = mu.length;
        Tensor d = first.sub(second);
        float[] oneMinus = new float[b];
        for (int i = 0; i < b; i++) {
            oneMinus[i] = 1 - mu[i];
        }
        return d.neg().softplus().mul(Tensor.of(mu.clone(), b)).add(d.softplus().mul(Tensor.of(oneMinus, b))).mean();
    }

    private static double softplus(double x) {
        // log(1 + e^x) without overflow
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
}
