package dev.bellman.env.wrappers;

/**
 * The image arithmetic of the pixel wrappers, bit-exact with the Python code Gymnasium 1.x runs: RGB to grayscale as
 * {@code GrayscaleObservation} computes it with NumPy, area resizing as OpenCV's {@code cv2.resize(..., INTER_AREA)}
 * for downscaling, and the element-wise maximum of two frames ({@code np.maximum}). Images are {@code byte[]} in
 * row-major {@code [height, width, channels]} order, each byte an unsigned value 0–255.
 *
 * <h2>Implementation notes</h2>
 * <ol>
 *   <li>Grayscale: {@code np.sum(obs * [0.2125, 0.7154, 0.0721], axis=-1).astype(np.uint8)}: three float64 products
 *       summed left to right, then truncated toward zero (not rounded).</li>
 *   <li>Area resize follows OpenCV's {@code resize} (modules/imgproc/src/resize.cpp): the scale is
 *       {@code 1 / (dst / src)} in double; when both scales are integers it takes the "area fast" path (block means:
 *       {@code (sum + 2) >> 2} for 2×2 blocks, otherwise {@code sum * (1f / area)} rounded half to even); otherwise the
 *       general path with per-source-pixel weights: a partial first and last cell and {@code 1 / cellWidth} for whole
 *       cells, accumulated in float32 along rows and then across rows, rounded half to even. Verified against
 *       OpenCV 4.6 (Debian's python3-opencv, no IPP) by {@code tools/fixtures/pixel_wrappers.py}.</li>
 *   <li>Upscaling (a destination side larger than the source) is refused: OpenCV's INTER_AREA then falls back to
 *       bilinear interpolation, which these wrappers do not implement.</li>
 * </ol>
 */
public final class ImageOps {
    private ImageOps() {
    }

    /** Gymnasium's luminance weights for R, G and B. */
    private static final double WR = 0.2125;
    private static final double WG = 0.7154;
    private static final double WB = 0.0721;

    /**
     * The grayscale of an RGB image of {@code pixels} pixels ({@code rgb.length == 3 * pixels}) as
     * {@code gymnasium.wrappers.GrayscaleObservation} computes it: {@code uint8(0.2125 R + 0.7154 G + 0.0721 B)},
     * truncated.
     */
    public static byte[] grayscale(byte[] rgb) {
        if (rgb.length % 3 != 0) {
            throw new IllegalArgumentException("grayscale needs 3 bytes per pixel but got " + rgb.length + " bytes");
        }
        byte[] out = new byte[rgb.length / 3];
        grayscale(rgb, out);
        return out;
    }

    /** {@link #grayscale(byte[])} into {@code out} (one byte per pixel). */
    public static void grayscale(byte[] rgb, byte[] out) {
        for (int i = 0; i < out.length; i++) {
            double s = (rgb[3 * i] & 0xFF) * WR + (rgb[3 * i + 1] & 0xFF) * WG;
            s += (rgb[3 * i + 2] & 0xFF) * WB;
            out[i] = (byte) (int) s; // astype(uint8) truncates; s lies in [0, 255]
        }
    }

    /** {@code np.maximum(a, b, out=a)} on unsigned bytes. */
    public static void maxInPlace(byte[] a, byte[] b) {
        for (int i = 0; i < a.length; i++) {
            if ((b[i] & 0xFF) > (a[i] & 0xFF)) {
                a[i] = b[i];
            }
        }
    }

    /**
     * {@code cv2.resize(src, (dstWidth, dstHeight), interpolation=cv2.INTER_AREA)} of a {@code [height, width, channels]}
     * image (channels 1 to 4), for downscaling: {@code dstWidth <= width} and {@code dstHeight <= height}. Resizing many
     * images of one size: {@link #areaResizer} computes the weight tables once.
     */
    public static byte[] resizeArea(byte[] src, int height, int width, int channels, int dstHeight, int dstWidth) {
        return areaResizer(height, width, channels, dstHeight, dstWidth).apply(src);
    }

    /** The area resize of {@link #resizeArea} for images of one size, with its weight tables computed once. */
    public static AreaResizer areaResizer(int height, int width, int channels, int dstHeight, int dstWidth) {
        return new AreaResizer(height, width, channels, dstHeight, dstWidth);
    }

    /** {@link #resizeArea} for one source and target size; {@link #apply} is thread-safe (no shared scratch). */
    public static final class AreaResizer {
        private final int height;
        private final int width;
        private final int cn;
        private final int dstHeight;
        private final int dstWidth;
        private final int fastX;
        private final int fastY;
        // OpenCV's computeResizeAreaTab for x and y: destination index, source index, weight per entry
        private final int[] xdi;
        private final int[] xsi;
        private final float[] xalpha;
        private final int[] ydi;
        private final int[] ysi;
        private final float[] yalpha;

        private AreaResizer(int height, int width, int channels, int dstHeight, int dstWidth) {
            if (height <= 0 || width <= 0 || channels <= 0 || channels > 4) {
                throw new IllegalArgumentException("resizeArea needs a positive image size and 1 to 4 channels but got "
                        + height + "x" + width + "x" + channels);
            }
            if (dstHeight <= 0 || dstWidth <= 0 || dstHeight > height || dstWidth > width) {
                throw new IllegalArgumentException("area resize only shrinks: the target " + dstHeight + "x" + dstWidth
                        + " must be positive and at most the source " + height + "x" + width);
            }
            this.height = height;
            this.width = width;
            this.cn = channels;
            this.dstHeight = dstHeight;
            this.dstWidth = dstWidth;
            // cv::resize: inv_scale = dsize / ssize, scale = 1 / inv_scale (both double)
            double scaleX = 1.0 / ((double) dstWidth / width);
            double scaleY = 1.0 / ((double) dstHeight / height);
            long iscaleX = Math.round(scaleX);
            long iscaleY = Math.round(scaleY);
            boolean areaFast = Math.abs(scaleX - iscaleX) < Math.ulp(1.0) && Math.abs(scaleY - iscaleY) < Math.ulp(1.0);
            this.fastX = areaFast ? (int) iscaleX : 0;
            this.fastY = areaFast ? (int) iscaleY : 0;
            float[][] xa = new float[1][];
            int[][] x = areaTable(width, dstWidth, scaleX, xa);
            float[][] ya = new float[1][];
            int[][] y = areaTable(height, dstHeight, scaleY, ya);
            this.xdi = x[0];
            this.xsi = x[1];
            this.xalpha = xa[0];
            this.ydi = y[0];
            this.ysi = y[1];
            this.yalpha = ya[0];
        }

        /** The resized image, {@code [dstHeight, dstWidth, channels]}. */
        public byte[] apply(byte[] src) {
            if (src.length != height * width * cn) {
                throw new IllegalArgumentException("resizeArea needs " + (height * width * cn) + " bytes for "
                        + height + "x" + width + "x" + cn + " but got " + src.length);
            }
            return fastX > 0 ? fast(src) : general(src);
        }

        private byte[] fast(byte[] src) {
            int sx = fastX;
            int sy = fastY;
            byte[] out = new byte[dstHeight * dstWidth * cn];
            int area = sx * sy;
            float scale = 1f / area;
            boolean shift = sx == 2 && sy == 2 && cn != 2; // OpenCV's 2x2 vector path (and its scalar tail)
            int rowStride = width * cn;
            for (int dy = 0; dy < dstHeight; dy++) {
                for (int dx = 0; dx < dstWidth; dx++) {
                    for (int c = 0; c < cn; c++) {
                        int sum = 0;
                        for (int ky = 0; ky < sy; ky++) {
                            int base = (dy * sy + ky) * rowStride + (dx * sx) * cn + c;
                            for (int kx = 0; kx < sx; kx++) {
                                sum += src[base + kx * cn] & 0xFF;
                            }
                        }
                        int v = shift ? (sum + 2) >> 2 : roundToUint8(sum * scale);
                        out[(dy * dstWidth + dx) * cn + c] = (byte) v;
                    }
                }
            }
            return out;
        }

        private byte[] general(byte[] src) {
            int dw = dstWidth * cn;
            byte[] out = new byte[dstHeight * dw];
            float[] buf = new float[dw];
            float[] sum = new float[dw];
            int prevDy = ydi[0];
            for (int j = 0; j < ydi.length; j++) {
                float beta = yalpha[j];
                int srcRow = ysi[j] * width * cn;
                java.util.Arrays.fill(buf, 0f);
                for (int k = 0; k < xdi.length; k++) {
                    int d = xdi[k] * cn;
                    int s = srcRow + xsi[k] * cn;
                    float alpha = xalpha[k];
                    for (int c = 0; c < cn; c++) {
                        float p = (src[s + c] & 0xFF) * alpha;
                        buf[d + c] = buf[d + c] + p;
                    }
                }
                if (ydi[j] != prevDy) {
                    for (int k = 0; k < dw; k++) {
                        out[prevDy * dw + k] = (byte) roundToUint8(sum[k]);
                        sum[k] = beta * buf[k];
                    }
                    prevDy = ydi[j];
                } else {
                    for (int k = 0; k < dw; k++) {
                        float p = beta * buf[k];
                        sum[k] = sum[k] + p;
                    }
                }
            }
            for (int k = 0; k < dw; k++) {
                out[prevDy * dw + k] = (byte) roundToUint8(sum[k]);
            }
            return out;
        }
    }

    /**
     * OpenCV's computeResizeAreaTab for one axis (indices in elements, not multiplied by channels): returns
     * {destination indices, source indices} and puts the weights in {@code alphaOut[0]}.
     */
    private static int[][] areaTable(int ssize, int dsize, double scale, float[][] alphaOut) {
        int[] di = new int[3 * ssize + 2];
        int[] si = new int[3 * ssize + 2];
        float[] alpha = new float[3 * ssize + 2];
        int k = 0;
        for (int dx = 0; dx < dsize; dx++) {
            double fsx1 = dx * scale;
            double fsx2 = fsx1 + scale;
            double cellWidth = Math.min(scale, ssize - fsx1);
            int sx1 = (int) Math.ceil(fsx1);
            int sx2 = (int) Math.floor(fsx2);
            sx2 = Math.min(sx2, ssize - 1);
            sx1 = Math.min(sx1, sx2);
            if (sx1 - fsx1 > 1e-3) {
                di[k] = dx;
                si[k] = sx1 - 1;
                alpha[k++] = (float) ((sx1 - fsx1) / cellWidth);
            }
            for (int sx = sx1; sx < sx2; sx++) {
                di[k] = dx;
                si[k] = sx;
                alpha[k++] = (float) (1.0 / cellWidth);
            }
            if (fsx2 - sx2 > 1e-3) {
                di[k] = dx;
                si[k] = sx2;
                alpha[k++] = (float) (Math.min(Math.min(fsx2 - sx2, 1.0), cellWidth) / cellWidth);
            }
        }
        alphaOut[0] = java.util.Arrays.copyOf(alpha, k);
        return new int[][] {java.util.Arrays.copyOf(di, k), java.util.Arrays.copyOf(si, k)};
    }

    /** OpenCV's {@code saturate_cast<uchar>(float)}: round half to even, then clamp to [0, 255]. */
    private static int roundToUint8(float v) {
        double r = Math.rint(v);
        return r < 0 ? 0 : r > 255 ? 255 : (int) r;
    }
}
