package dev.bellman.algorithms.tabular;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QTableTest {
    @TempDir
    Path dir;

    private static QTable sample() {
        return QTable.of(new double[][]{{0.0, -1.5, 1e-300, 3.141592653589793}, {-0.0, 2.5e10, -7, 0.1 + 0.2}});
    }

    @Test
    void saveThenLoad_roundTripsEveryBit() throws IOException {
        QTable q = sample();
        Path file = dir.resolve("sub/q.txt");
        q.save(file);
        QTable back = QTable.load(file);
        assertEquals(2, back.numStates());
        assertEquals(4, back.numActions());
        for (int s = 0; s < 2; s++) {
            for (int a = 0; a < 4; a++) {
                assertEquals(Double.doubleToRawLongBits(q.get(s, a)), Double.doubleToRawLongBits(back.get(s, a)));
            }
        }
        assertArrayEquals(q.greedyPolicy(), back.greedyPolicy());
        String text = Files.readString(file);
        assertTrue(text.startsWith("bellman-qtable 1\nstates 2\nactions 4\n"), text);
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void save_overwritesAnExistingFile() throws IOException {
        Path file = dir.resolve("q.txt");
        sample().save(file);
        QTable other = QTable.filled(3, 2, 5.0);
        other.save(file);
        assertEquals(3, QTable.load(file).numStates());
    }

    @Test
    void load_flippedDigit_isReportedAsCorrupt() throws IOException {
        Path file = dir.resolve("q.txt");
        sample().save(file);
        String text = Files.readString(file).replace("-1.5", "-1.6");
        Files.writeString(file, text);
        QTable.CorruptTableException e = assertThrows(QTable.CorruptTableException.class, () -> QTable.load(file));
        assertTrue(e.getMessage().contains("corrupt Q-table file") && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void load_truncatedFile_isReportedAsCorrupt() throws IOException {
        Path file = dir.resolve("q.txt");
        sample().save(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        QTable.CorruptTableException e = assertThrows(QTable.CorruptTableException.class, () -> QTable.load(file));
        assertTrue(e.getMessage().contains("corrupt Q-table file"), e.getMessage());
    }

    @Test
    void load_otherFile_isReportedAsCorrupt() throws IOException {
        Path file = dir.resolve("q.txt");
        Files.writeString(file, "{\"not\": \"a table\"}\n", StandardCharsets.UTF_8);
        QTable.CorruptTableException e = assertThrows(QTable.CorruptTableException.class, () -> QTable.load(file));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
        Files.write(file, new byte[0]);
        assertThrows(QTable.CorruptTableException.class, () -> QTable.load(file));
    }

    @Test
    void load_rowCountNotMatchingHeader_isReportedAsCorrupt() throws IOException {
        // a well-formed checksum over a body that lies about its size
        String body = "bellman-qtable 1\nstates 3\nactions 2\n1.0 2.0\n3.0 4.0\n";
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("q.txt");
        Files.writeString(file, body + String.format("crc32 %08x%n", crc.getValue()));
        QTable.CorruptTableException e = assertThrows(QTable.CorruptTableException.class, () -> QTable.load(file));
        assertTrue(e.getMessage().contains("3 states"), e.getMessage());
    }

    @Test
    void greedyAction_breaksTiesToTheLowestIndex() {
        QTable q = QTable.of(new double[][]{{1, 3, 3, 2}});
        assertEquals(1, q.greedyAction(0));
        assertEquals(3.0, q.max(0));
        assertArrayEquals(new double[]{3.0}, q.stateValues());
    }
}
