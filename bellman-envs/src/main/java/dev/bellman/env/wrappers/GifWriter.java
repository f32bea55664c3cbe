package dev.bellman.env.wrappers;

import dev.bellman.env.RenderFrame;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes frames as an animated GIF with the JDK's ImageIO GIF writer: looping forever (NETSCAPE2.0 extension with
 * loop count 0) and a frame delay of {@code round(100 / fps)} hundredths of a second (at least 2, as browsers clamp
 * smaller delays).
 */
public final class GifWriter {
    private GifWriter() {
    }

    /**
     * Writes {@code frames} to {@code file} atomically (a temp file in the same directory, renamed over it; deleted if
     * anything fails).
     *
     * @throws IllegalArgumentException when there are no frames, {@code fps} is not positive, or {@code file} is a
     *     directory
     */
    public static void write(List<RenderFrame> frames, int fps, Path file) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to write to " + file);
        }
        if (fps <= 0) {
            throw new IllegalArgumentException("fps must be positive but was " + fps);
        }
        int delay = Math.max(2, Math.round(100f / fps));
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory; expected the path of a .gif file");
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try { // createTempFile makes the file owner-only; give it the usual rw-r--r--
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            writeTo(tmp, writer, frames, delay);
            moveOver(tmp, file);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp); // a failed write (disk full) leaves no temp file behind
            }
        }
    }

    private static void writeTo(Path tmp, ImageWriter writer, List<RenderFrame> frames, int delay) throws IOException {
        try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            boolean first = true;
            for (RenderFrame f : frames) {
                var image = f.toImage();
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
                String format = meta.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                IIOMetadataNode gce = child(root, "GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", Integer.toString(delay));
                gce.setAttribute("transparentColorIndex", "0");
                if (first) {
                    IIOMetadataNode apps = child(root, "ApplicationExtensions");
                    IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                    app.setAttribute("applicationID", "NETSCAPE");
                    app.setAttribute("authenticationCode", "2.0");
                    app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
                    apps.appendChild(app);
                    first = false;
                }
                meta.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(image, null, meta), null);
            }
            writer.endWriteSequence();
            out.flush();
        } finally {
            writer.dispose();
        }
    }

    /** Renames {@code tmp} over {@code file} atomically where the file system can. */
    private static void moveOver(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
