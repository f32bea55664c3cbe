package dev.bellman.env;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One RGB frame: {@code height} rows of {@code width} pixels, three bytes (R, G, B) per pixel, row-major, as a
 * Gymnasium {@code rgb_array} of shape (height, width, 3).
 */
public record RenderFrame(int width, int height, byte[] rgb) {
    public RenderFrame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive but was " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("rgb must hold width*height*3 = " + (width * height * 3)
                    + " bytes but held " + rgb.length);
        }
    }

    /** Copies an image into a frame. */
    public static RenderFrame of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RenderFrame(w, h, rgb);
    }

    /** The pixel at column {@code x}, row {@code y} as 0xRRGGBB. */
    public int rgbAt(int x, int y) {
        int i = 3 * (y * width + x);
        return ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff);
    }

    /** This frame as a {@link BufferedImage#TYPE_INT_RGB} image. */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = ((rgb[3 * i] & 0xff) << 16) | ((rgb[3 * i + 1] & 0xff) << 8) | (rgb[3 * i + 2] & 0xff);
        }
        image.setRGB(0, 0, width, height, px, 0, width);
        return image;
    }
}
