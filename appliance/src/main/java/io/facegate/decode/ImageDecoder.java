package io.facegate.decode;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import io.facegate.decode.ImageRejectedException.Reason;

/**
 * PNG and JPEG (baseline and progressive) to upright RGB pixels. Dimensions are read from the header and checked
 * before any pixel is decoded, so a small file declaring a huge image costs nothing. JPEG EXIF orientation is
 * applied; PNGs are taken as stored, as Rekognition does.
 */
public final class ImageDecoder {

    private final int minSide;
    private final long maxPixels;

    public ImageDecoder(int minSide, long maxPixels) {
        this.minSide = minSide;
        this.maxPixels = maxPixels;
    }

    public RgbImage decode(byte[] bytes) throws ImageRejectedException {
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> new ImageRejectedException(
                Reason.INVALID_FORMAT, "Request has invalid image format."));
        RgbImage stored = decodePixels(bytes, format);
        return format == ImageFormat.JPEG ? ExifOrientation.apply(stored, ExifOrientation.read(bytes)) : stored;
    }

    private RgbImage decodePixels(byte[] bytes, ImageFormat format) throws ImageRejectedException {
        // Not ImageIO.createImageInputStream: by default it caches the stream in a file in java.io.tmpdir, which would
        // put every posted image on disk.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.name());
            if (!readers.hasNext()) {
                throw new IllegalStateException("no ImageIO reader for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkDimensions(width, height);
                TruncationListener truncation = new TruncationListener();
                reader.addIIOReadWarningListener(truncation);
                BufferedImage image = reader.read(0);
                if (truncation.truncated) {
                    throw invalid();
                }
                return toRgb(image);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO reports broken data as IIOException, but also as IndexOutOfBounds and similar on crafted files.
            throw invalid();
        }
    }

    private void checkDimensions(int width, int height) throws ImageRejectedException {
        if ((long) width * height > maxPixels) {
            throw new ImageRejectedException(Reason.TOO_LARGE, "Image size is too large.");
        }
        if (width < minSide || height < minSide) {
            throw new ImageRejectedException(Reason.TOO_SMALL, "Image is " + width + "x" + height
                    + " pixels; the minimum is " + minSide + "x" + minSide + ".");
        }
    }

    private static ImageRejectedException invalid() {
        return new ImageRejectedException(Reason.INVALID_FORMAT, "Request has invalid image format.");
    }

    static RgbImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[w * h];
        switch (image.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR -> {
                byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                for (int i = 0, p = 0; i < out.length; i++, p += 3) {
                    out[i] = (data[p + 2] & 0xFF) << 16 | (data[p + 1] & 0xFF) << 8 | (data[p] & 0xFF);
                }
            }
            case BufferedImage.TYPE_BYTE_GRAY -> {
                byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < out.length; i++) {
                    int g = data[i] & 0xFF;
                    out[i] = g << 16 | g << 8 | g;
                }
            }
            case BufferedImage.TYPE_INT_RGB -> {
                int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < out.length; i++) {
                    out[i] = data[i] & 0xFFFFFF;
                }
            }
            default -> {
                image.getRGB(0, 0, w, h, out, 0, w);
                for (int i = 0; i < out.length; i++) {
                    out[i] &= 0xFFFFFF;
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * ImageIO's JPEG reader reports a truncated file only as the warning "Premature end of JPEG file" and fills the
     * rest with grey; we refuse it. Other warnings (extraneous bytes before a marker) are common in camera files.
     */
    private static final class TruncationListener implements javax.imageio.event.IIOReadWarningListener {
        private boolean truncated;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            truncated |= warning != null && warning.toLowerCase(java.util.Locale.ROOT).contains("premature end");
        }
    }
}
