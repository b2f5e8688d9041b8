package io.facegate.fuzz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import io.facegate.it.Fixtures;

/**
 * Writes the image seeds of the ImageDecoder fuzz corpus: small images made in code (no photos), each a structure
 * the decoder must handle or refuse: PNG colour types and bit depths, interlacing, JPEG baseline/progressive/grey,
 * EXIF orientation, truncation, huge declared dimensions and decompression bombs.
 *
 * <p>{@code java -cp appliance/target/test-classes io.facegate.fuzz.CorpusSeeds
 * appliance/src/test/resources/io/facegate/decode/ImageDecoderFuzzTestInputs/decode}
 */
public final class CorpusSeeds {

    private CorpusSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        BufferedImage rgb = gradient(24, 16, BufferedImage.TYPE_INT_RGB);
        seeds.put("png-rgb", encode(rgb, "png"));
        seeds.put("png-gray", encode(gradient(16, 16, BufferedImage.TYPE_BYTE_GRAY), "png"));
        seeds.put("png-indexed", encode(gradient(16, 16, BufferedImage.TYPE_BYTE_INDEXED), "png"));
        seeds.put("png-argb", encode(gradient(16, 16, BufferedImage.TYPE_INT_ARGB), "png"));
        seeds.put("png-gray16", encode(gradient(16, 16, BufferedImage.TYPE_USHORT_GRAY), "png"));
        seeds.put("png-interlaced-gray", png(16, 16, 8, 0, 1, new byte[16 * 17]));
        seeds.put("png-declared-100000x100000", png(100_000, 100_000, 8, 0, 0, new byte[64]));
        // 2000 x 2000 grey zeros: 4 MB of pixels from a file of about 4 KB.
        seeds.put("png-bomb-2000x2000", png(2000, 2000, 8, 0, 0, new byte[2000 * 2001]));
        seeds.put("jpeg-baseline", encode(rgb, "jpeg"));
        seeds.put("jpeg-gray", encode(gradient(16, 16, BufferedImage.TYPE_BYTE_GRAY), "jpeg"));
        seeds.put("jpeg-progressive", progressiveJpeg(rgb));
        seeds.put("jpeg-exif-orientation-6", withExifOrientation(encode(rgb, "jpeg"), 6));
        byte[] jpeg = encode(rgb, "jpeg");
        seeds.put("jpeg-truncated", Arrays.copyOf(jpeg, jpeg.length / 2));
        seeds.put("jpeg-declared-65535x65535", declareJpegSize(encode(rgb, "jpeg"), 65535, 65535));
        seeds.put("not-an-image", "GIF89a not a PNG or JPEG".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
    }

    private static BufferedImage gradient(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, new Color(x * 255 / w, y * 255 / h, 128).getRGB());
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    private static byte[] progressiveJpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A PNG with raw (already filtered) scanline data, compressed at the highest level. */
    private static byte[] png(int w, int h, int bitDepth, int colourType, int interlace, byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        Fixtures.pngChunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) bitDepth).put((byte) colourType)
                .put((byte) 0).put((byte) 0).put((byte) interlace).array());
        Deflater deflater = new Deflater(9);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        Fixtures.pngChunk(out, "IDAT", compressed.toByteArray());
        Fixtures.pngChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }


    /** Inserts an APP1 Exif segment (big-endian TIFF, one Orientation entry) after SOI. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0);
        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifHeader.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(exifHeader, 0, exifHeader.length);
        out.write(tiff.array(), 0, tiff.capacity());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** Rewrites the height and width of the first SOF0/SOF2 segment. */
    private static byte[] declareJpegSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 8 < out.length; i++) {
            if ((out[i] & 0xFF) == 0xFF && ((out[i + 1] & 0xFF) == 0xC0 || (out[i + 1] & 0xFF) == 0xC2)) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
        }
        throw new IllegalStateException("no SOF segment");
    }
}
