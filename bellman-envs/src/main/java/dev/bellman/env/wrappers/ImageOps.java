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
     * image (channels 1 to 4), for downscaling: {@code dstWidth <= width} and {@code dstHeight <= height}.
     */
    public static byte[] resizeArea(byte[] src, int height, int width, int channels, int dstHeight, int dstWidth) {
        if (height <= 0 || width <= 0 || channels <= 0 || channels > 4) {
            throw new IllegalArgumentException("resizeArea needs a positive image size and 1 to 4 channels but got "
                    + height + "x" + width + "x" + channels);
        }
        if (src.length != height * width * channels) {
            throw new IllegalArgumentException("resizeArea needs " + (height * width * channels) + " bytes for "
                    + height + "x" + width + "x" + channels + " but got " + src.length);
        }
        if (dstHeight <= 0 || dstWidth <= 0 || dstHeight > height || dstWidth > width) {
            throw new IllegalArgumentException("area resize only shrinks: the target " + dstHeight + "x" + dstWidth
                    + " must be positive and at most the source " + height + "x" + width);
        }
        // cv::resize: inv_scale = dsize / ssize, scale = 1 / inv_scale (both double)
        double scaleX = 1.0 / ((double) dstWidth / width);
        double scaleY = 1.0 / ((double) dstHeight / height);
        long iscaleX = Math.round(scaleX);
        long iscaleY = Math.round(scaleY);
        boolean areaFast = Math.abs(scaleX - iscaleX) < Math.ulp(1.0) && Math.abs(scaleY - iscaleY) < Math.ulp(1.0);
        if (areaFast) {
            return resizeAreaFast(src, width, channels, dstHeight, dstWidth, (int) iscaleX, (int) iscaleY);
        }
        return resizeAreaGeneral(src, height, width, channels, dstHeight, dstWidth, scaleX, scaleY);
    }

    private static byte[] resizeAreaFast(byte[] src, int width, int cn, int dstHeight, int dstWidth, int sx, int sy) {
        byte[] out = new byte[dstHeight * dstWidth * cn];
        int area = sx * sy;
        float scale = 1f / area;
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
                    int v = sx == 2 && sy == 2 && cn != 2
                            ? (sum + 2) >> 2 // OpenCV's 2x2 vector path (and its scalar tail): rounding shift
                            : roundToUint8(sum * scale);
                    out[(dy * dstWidth + dx) * cn + c] = (byte) v;
                }
            }
        }
        return out;
    }

    /** One entry of OpenCV's area table: destination index, source index, weight. */
    private record Cell(int di, int si, float alpha) {
    }

    /** OpenCV's computeResizeAreaTab for one axis (indices in elements, not multiplied by channels). */
    private static Cell[] areaTable(int ssize, int dsize, double scale) {
        java.util.ArrayList<Cell> tab = new java.util.ArrayList<>(2 * ssize);
        for (int dx = 0; dx < dsize; dx++) {
            double fsx1 = dx * scale;
            double fsx2 = fsx1 + scale;
            double cellWidth = Math.min(scale, ssize - fsx1);
            int sx1 = (int) Math.ceil(fsx1);
            int sx2 = (int) Math.floor(fsx2);
            sx2 = Math.min(sx2, ssize - 1);
            sx1 = Math.min(sx1, sx2);
            if (sx1 - fsx1 > 1e-3) {
                tab.add(new Cell(dx, sx1 - 1, (float) ((sx1 - fsx1) / cellWidth)));
            }
            for (int sx = sx1; sx < sx2; sx++) {
                tab.add(new Cell(dx, sx, (float) (1.0 / cellWidth)));
            }
            if (fsx2 - sx2 > 1e-3) {
                tab.add(new Cell(dx, sx2, (float) (Math.min(Math.min(fsx2 - sx2, 1.0), cellWidth) / cellWidth)));
            }
        }
        return tab.toArray(new Cell[0]);
    }

    private static byte[] resizeAreaGeneral(byte[] src, int height, int width, int cn, int dstHeight, int dstWidth,
                                            double scaleX, double scaleY) {
        Cell[] xtab = areaTable(width, dstWidth, scaleX);
        Cell[] ytab = areaTable(height, dstHeight, scaleY);
        int dw = dstWidth * cn;
        byte[] out = new byte[dstHeight * dw];
        float[] buf = new float[dw];
        float[] sum = new float[dw];
        int prevDy = ytab[0].di();
        for (Cell y : ytab) {
            float beta = y.alpha();
            int srcRow = y.si() * width * cn;
            java.util.Arrays.fill(buf, 0f);
            for (Cell x : xtab) {
                int d = x.di() * cn;
                int s = srcRow + x.si() * cn;
                float alpha = x.alpha();
                for (int c = 0; c < cn; c++) {
                    float p = (src[s + c] & 0xFF) * alpha;
                    buf[d + c] = buf[d + c] + p;
                }
            }
            if (y.di() != prevDy) {
                for (int k = 0; k < dw; k++) {
                    out[prevDy * dw + k] = (byte) roundToUint8(sum[k]);
                    sum[k] = beta * buf[k];
                }
                prevDy = y.di();
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

    /** OpenCV's {@code saturate_cast<uchar>(float)}: round half to even, then clamp to [0, 255]. */
    private static int roundToUint8(float v) {
        double r = Math.rint(v);
        return r < 0 ? 0 : r > 255 ? 255 : (int) r;
    }
}
