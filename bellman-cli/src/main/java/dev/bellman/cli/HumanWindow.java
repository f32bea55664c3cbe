package dev.bellman.cli;

import dev.bellman.env.RenderFrame;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.KeyEventDispatcher;
import java.awt.KeyboardFocusManager;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/**
 * The window of {@code bellman play --human} (Java's own Swing): shows the env's {@code render()} frames, scaled up by
 * a whole factor until the longer side reaches {@value #MIN_SIDE} pixels, with a status line (return, step, keys) on
 * top, and keeps the set of {@link WindowKeys.Key direction keys} held down. Esc or closing the window asks the play
 * to stop ({@link #stopRequested}). Safe to call from the playing thread; Swing work runs on the event thread.
 */
final class HumanWindow implements AutoCloseable {
    /** Frames are scaled up by a whole factor until their longer side is at least this many pixels. */
    static final int MIN_SIDE = 480;

    private final JFrame frame;
    private final View view = new View();
    private final List<WindowKeys.Key> held = new ArrayList<>();
    private volatile boolean stop;
    private final KeyEventDispatcher keys = this::key;

    private HumanWindow(String title) {
        frame = new JFrame(title);
        frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                stop = true;
            }

            @Override
            public void windowClosed(WindowEvent e) {
                stop = true;
            }
        });
        frame.getContentPane().add(view);
        KeyboardFocusManager.getCurrentKeyboardFocusManager().addKeyEventDispatcher(keys);
    }

    /** Whether a window can open here: false on a headless Java (no display, or {@code java.awt.headless=true}). */
    static boolean displayAvailable() {
        return !GraphicsEnvironment.isHeadless();
    }

    /** Opens the window (not yet sized: the first frame sizes it). */
    static HumanWindow open(String title) {
        HumanWindow[] w = new HumanWindow[1];
        onEdt(() -> w[0] = new HumanWindow(title));
        return w[0];
    }

    /** The scale factor for a frame of {@code width × height}: the least whole k with k·max(w, h) ≥ MIN_SIDE. */
    static int scale(int width, int height) {
        int side = Math.max(1, Math.max(width, height));
        return Math.max(1, (MIN_SIDE + side - 1) / side);
    }

    /** Shows {@code f} (null: keeps the last frame) with the status line, and waits until it is painted. */
    void show(RenderFrame f, String status) {
        BufferedImage img = f == null ? null : image(f);
        onEdt(() -> {
            view.status = status;
            if (img != null) {
                boolean first = view.image == null || view.image.getWidth() != img.getWidth()
                        || view.image.getHeight() != img.getHeight();
                view.image = img;
                if (first) {
                    int k = scale(img.getWidth(), img.getHeight());
                    view.setPreferredSize(new Dimension(img.getWidth() * k, img.getHeight() * k));
                    frame.pack();
                    frame.setLocationRelativeTo(null);
                    frame.setVisible(true);
                    frame.toFront();
                    frame.requestFocus();
                }
            }
            view.paintImmediately(0, 0, view.getWidth(), view.getHeight());
        });
    }

    /** {@code f} as an image sharing its RGB bytes (no per-pixel copy, unlike {@link RenderFrame#toImage()}). */
    static BufferedImage image(RenderFrame f) {
        DataBufferByte data = new DataBufferByte(f.rgb(), f.rgb().length);
        WritableRaster raster = Raster.createInterleavedRaster(data, f.width(), f.height(), 3 * f.width(), 3,
                new int[] {0, 1, 2}, null);
        ColorModel rgb = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(rgb, raster, false, null);
    }

    /** The direction keys held now, oldest press first. */
    List<WindowKeys.Key> held() {
        synchronized (held) {
            return List.copyOf(held);
        }
    }

    /** True once Esc was pressed or the window was closed. */
    boolean stopRequested() {
        return stop;
    }

    /** Whether the window is on screen (for tests). */
    boolean showing() {
        return frame.isShowing();
    }

    /** The window's frame (for tests that move the pointer onto it). */
    JFrame frame() {
        return frame;
    }

    private boolean key(KeyEvent e) {
        if (e.getID() == KeyEvent.KEY_PRESSED && e.getKeyCode() == KeyEvent.VK_ESCAPE) {
            stop = true;
            return true;
        }
        var k = WindowKeys.key(e.getKeyCode());
        if (k.isEmpty()) {
            return false;
        }
        synchronized (held) {
            if (e.getID() == KeyEvent.KEY_PRESSED && !held.contains(k.get())) {
                held.add(k.get());
            } else if (e.getID() == KeyEvent.KEY_RELEASED) {
                held.remove(k.get());
            }
        }
        return true;
    }

    @Override
    public void close() {
        onEdt(() -> {
            KeyboardFocusManager.getCurrentKeyboardFocusManager().removeKeyEventDispatcher(keys);
            frame.dispose();
        });
    }

    private static void onEdt(Runnable r) {
        if (SwingUtilities.isEventDispatchThread()) {
            r.run();
            return;
        }
        try {
            SwingUtilities.invokeAndWait(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /** Paints the frame scaled (nearest neighbour) and the status line. */
    private static final class View extends JComponent {
        BufferedImage image;
        String status = "";

        @Override
        protected void paintComponent(Graphics g0) {
            Graphics2D g = (Graphics2D) g0;
            if (image != null) {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(image, 0, 0, getWidth(), getHeight(), null);
            }
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 13));
            int w = g.getFontMetrics().stringWidth(status);
            g.setColor(new Color(0, 0, 0, 150));
            g.fillRect(0, 0, w + 12, 20);
            g.setColor(Color.WHITE);
            g.drawString(status, 6, 15);
        }
    }
}
