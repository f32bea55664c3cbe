package dev.bellman.nn;

import dev.bellman.tensor.SequenceOps;
import dev.bellman.tensor.Tensor;

/**
 * A lookup table of learned vectors, as {@code torch.nn.Embedding(num_embeddings, embedding_dim)}: parameter
 * {@code weight [num, dim]} initialised from N(0, 1) as PyTorch; indices give rows
 * ({@link SequenceOps#embedding}: out-of-range indices are rejected naming the index and its position; the
 * backward scatter-adds into the picked rows).
 */
public final class Embedding extends Module {
    private final int numEmbeddings, embeddingDim;
    private final Tensor weight;

    public Embedding(int numEmbeddings, int embeddingDim, Rng rng) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding needs positive sizes but got num_embeddings=" + numEmbeddings
                    + ", embedding_dim=" + embeddingDim);
        }
        if ((long) numEmbeddings * embeddingDim > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Embedding(" + numEmbeddings + ", " + embeddingDim + ") would have "
                    + (long) numEmbeddings * embeddingDim + " weights, more than one Java array holds");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.weight = registerParameter("weight",
                Tensor.parameter(new float[numEmbeddings * embeddingDim], numEmbeddings, embeddingDim));
        Init.normal(weight, 0, 1, rng);
    }

    /** The rows for {@code indices}, shape {@code [...indexShape, dim]} ({@code [indices.length, dim]} without a shape). */
    public Tensor forward(int[] indices, int... indexShape) {
        return SequenceOps.embedding(weight, indices, indexShape);
    }

    /** The table, shape {@code [num, dim]}. */
    public Tensor weight() { return weight; }

    public int numEmbeddings() { return numEmbeddings; }

    public int embeddingDim() { return embeddingDim; }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim;
    }
}
