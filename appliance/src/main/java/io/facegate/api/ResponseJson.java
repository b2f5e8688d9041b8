package io.facegate.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.facegate.attributes.FaceDetail;

/**
 * Writes responses in Rekognition's member names and order. {@code OrientationCorrection} is omitted: the service
 * model says it is always null. Non-finite numbers never reach the wire (JSON has none; AWS would send strings).
 */
final class ResponseJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ResponseJson() {
    }

    static byte[] detectFaces(List<FaceDetail> faces) {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("FaceDetails");
            for (FaceDetail face : faces) {
                faceDetail(g, face);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static byte[] error(ErrorType type, String message, String requestId) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("__type", type.name());
            g.writeStringField("Code", type.name());
            g.writeStringField("Message", message);
            g.writeStringField("Logref", requestId);
            g.writeEndObject();
        });
    }

    private static void faceDetail(JsonGenerator g, FaceDetail face) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("BoundingBox");
        number(g, "Width", face.boundingBox().width());
        number(g, "Height", face.boundingBox().height());
        number(g, "Left", face.boundingBox().left());
        number(g, "Top", face.boundingBox().top());
        g.writeEndObject();
        number(g, "Confidence", face.confidence());
        g.writeArrayFieldStart("Landmarks");
        for (FaceDetail.Landmark landmark : face.landmarks()) {
            g.writeStartObject();
            g.writeStringField("Type", landmark.type());
            number(g, "X", landmark.x());
            number(g, "Y", landmark.y());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("Pose");
        number(g, "Roll", face.pose().roll());
        number(g, "Yaw", face.pose().yaw());
        number(g, "Pitch", face.pose().pitch());
        g.writeEndObject();
        g.writeObjectFieldStart("Quality");
        number(g, "Brightness", face.quality().brightness());
        number(g, "Sharpness", face.quality().sharpness());
        g.writeEndObject();
        if (face.ageRange().isPresent()) {
            g.writeObjectFieldStart("AgeRange");
            g.writeNumberField("Low", face.ageRange().get().low());
            g.writeNumberField("High", face.ageRange().get().high());
            g.writeEndObject();
        }
        flag(g, "Smile", face.smile());
        flag(g, "Eyeglasses", face.eyeglasses());
        flag(g, "Sunglasses", face.sunglasses());
        if (face.gender().isPresent()) {
            g.writeObjectFieldStart("Gender");
            g.writeStringField("Value", face.gender().get().value());
            number(g, "Confidence", face.gender().get().confidence());
            g.writeEndObject();
        }
        flag(g, "Beard", face.beard());
        flag(g, "Mustache", face.mustache());
        flag(g, "EyesOpen", face.eyesOpen());
        flag(g, "MouthOpen", face.mouthOpen());
        if (face.emotions().isPresent()) {
            g.writeArrayFieldStart("Emotions");
            for (FaceDetail.Emotion e : face.emotions().get()) {
                g.writeStartObject();
                g.writeStringField("Type", e.type());
                number(g, "Confidence", e.confidence());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        flag(g, "FaceOccluded", face.faceOccluded());
        if (face.eyeDirection().isPresent()) {
            g.writeObjectFieldStart("EyeDirection");
            number(g, "Yaw", face.eyeDirection().get().yaw());
            number(g, "Pitch", face.eyeDirection().get().pitch());
            number(g, "Confidence", face.eyeDirection().get().confidence());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void flag(JsonGenerator g, String field, java.util.Optional<FaceDetail.Flag> flag)
            throws IOException {
        if (flag.isPresent()) {
            g.writeObjectFieldStart(field);
            g.writeBooleanField("Value", flag.get().value());
            number(g, "Confidence", flag.get().confidence());
            g.writeEndObject();
        }
    }

    private static void number(JsonGenerator g, String field, double value) throws IOException {
        g.writeNumberField(field, Double.isFinite(value) ? (float) value : 0f);
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
