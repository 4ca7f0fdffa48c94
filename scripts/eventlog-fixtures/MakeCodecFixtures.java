// Writes a real event log through the streams Spark's own codecs use (CompressionCodec.scala),
// so the reader's lz4/snappy/lzf decoders are tested on what Spark writes, not on what we think
// it writes. No Spark log in these codecs exists in any fetchable repository.
//
//   java -cp /usr/share/java/lz4-java.jar:/usr/share/java/snappy-java.jar:/usr/share/java/compress-lzf.jar \
//        MakeCodecFixtures.java INPUT OUTDIR
// (Debian packages liblz4-java, libsnappy-java, libcompress-lzf-java.)
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.List;
import net.jpountz.lz4.LZ4BlockOutputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.xerial.snappy.SnappyFramedOutputStream;
import org.xerial.snappy.SnappyOutputStream;
import com.ning.compress.lzf.LZFOutputStream;

public class MakeCodecFixtures {
  interface Codec { OutputStream wrap(OutputStream s) throws IOException; }

  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8);
    String base = Paths.get(args[0]).getFileName().toString();
    // LZ4CompressionCodec: 32k blocks, fast compressor, xxhash32 seed 0x9747b28c, syncFlush false
    write(lines, args[1] + "/" + base + ".lz4", s -> new LZ4BlockOutputStream(s, 32 * 1024,
        LZ4Factory.fastestInstance().fastCompressor(),
        XXHashFactory.fastestInstance().newStreamingHash32(0x9747b28c).asChecksum(), false));
    // SnappyCompressionCodec: SnappyOutputStream with 32k blocks
    write(lines, args[1] + "/" + base + ".snappy", s -> new SnappyOutputStream(s, 32 * 1024));
    // not Spark's: the snappy framing format, which other writers of the same logs use
    write(lines, args[1] + "/" + base + ".framed.snappy", s -> new SnappyFramedOutputStream(s));
    // LZFCompressionCodec: LZFOutputStream, finishing a chunk on flush
    write(lines, args[1] + "/" + base + ".lzf", s -> new LZFOutputStream(s).setFinishBlockOnFlush(true));
  }

  // EventLoggingListener: println per event through an OutputStreamWriter (UTF-8), flushed after
  // some events (flushLogger); every 7th here, so flushes cut blocks at varied places.
  static void write(List<String> lines, String out, Codec codec) throws IOException {
    try (OutputStream file = new BufferedOutputStream(new FileOutputStream(out));
         PrintWriter w = new PrintWriter(new OutputStreamWriter(codec.wrap(file), StandardCharsets.UTF_8))) {
      int i = 0;
      for (String l : lines) {
        w.println(l);
        if (++i % 7 == 0) w.flush();
      }
    }
  }
}
