package io.facegate.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.facegate.face.Face;
import io.facegate.face.FaceAttributes;

/**
 * Writes responses in Rekognition's member names and order. {@code OrientationCorrection} is omitted: the service
 * model says it is always null. Non-finite numbers never reach the wire (JSON has none; AWS would send strings), nor
 * does {@code -0.0}.
 */
final class ResponseJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ResponseJson() {
    }

    static byte[] detectFaces(List<Face> faces) {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("FaceDetails");
            for (Face face : faces) {
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

    /**
     * One {@link Face} as a Rekognition {@code FaceDetail}: members in the service model's order, confidences and
     * quality in percent, landmark types in Rekognition's camelCase ({@code EYE_LEFT} → {@code eyeLeft}).
     */
    private static void faceDetail(JsonGenerator g, Face face) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("BoundingBox");
        number(g, "Width", face.box().width());
        number(g, "Height", face.box().height());
        number(g, "Left", face.box().left());
        number(g, "Top", face.box().top());
        g.writeEndObject();
        percent(g, "Confidence", face.score());
        g.writeArrayFieldStart("Landmarks");
        for (Face.Landmark landmark : face.landmarks()) {
            g.writeStartObject();
            g.writeStringField("Type", camelCase(landmark.type().name()));
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
        percent(g, "Brightness", face.quality().brightness());
        percent(g, "Sharpness", face.quality().sharpness());
        g.writeEndObject();
        FaceAttributes a = face.attributes();
        if (a.ageRange().isPresent()) {
            g.writeObjectFieldStart("AgeRange");
            g.writeNumberField("Low", a.ageRange().get().low());
            g.writeNumberField("High", a.ageRange().get().high());
            g.writeEndObject();
        }
        verdict(g, "Smile", a.smile());
        verdict(g, "Eyeglasses", a.eyeglasses());
        verdict(g, "Sunglasses", a.sunglasses());
        if (a.gender().isPresent()) {
            g.writeObjectFieldStart("Gender");
            g.writeStringField("Value", a.gender().get().value() == FaceAttributes.Gender.Value.MALE ? "Male" : "Female");
            percent(g, "Confidence", a.gender().get().confidence());
            g.writeEndObject();
        }
        verdict(g, "Beard", a.beard());
        verdict(g, "Mustache", a.mustache());
        verdict(g, "EyesOpen", a.eyesOpen());
        verdict(g, "MouthOpen", a.mouthOpen());
        if (a.emotions().isPresent()) {
            g.writeArrayFieldStart("Emotions");
            for (FaceAttributes.EmotionScore e : a.emotions().get()) {
                g.writeStartObject();
                g.writeStringField("Type", e.emotion().name());
                percent(g, "Confidence", e.confidence());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        verdict(g, "FaceOccluded", a.faceOccluded());
        if (a.eyeDirection().isPresent()) {
            g.writeObjectFieldStart("EyeDirection");
            number(g, "Yaw", a.eyeDirection().get().yaw());
            number(g, "Pitch", a.eyeDirection().get().pitch());
            percent(g, "Confidence", a.eyeDirection().get().confidence());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void verdict(JsonGenerator g, String field, Optional<FaceAttributes.Verdict> verdict)
            throws IOException {
        if (verdict.isPresent()) {
            g.writeObjectFieldStart(field);
            g.writeBooleanField("Value", verdict.get().value());
            percent(g, "Confidence", verdict.get().confidence());
            g.writeEndObject();
        }
    }

    /** {@code UPPER_JAWLINE_LEFT} → {@code upperJawlineLeft}. */
    static String camelCase(String constant) {
        StringBuilder out = new StringBuilder(constant.length());
        boolean upper = false;
        for (char c : constant.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? c : Character.toLowerCase(c));
                upper = false;
            }
        }
        return out.toString();
    }

    private static void percent(JsonGenerator g, String field, double fraction) throws IOException {
        number(g, field, 100 * fraction);
    }

    /** As a float; a non-finite value as 0, and negative zero as 0 (AWS never sends {@code -0.0}). */
    private static void number(JsonGenerator g, String field, double value) throws IOException {
        float f = Double.isFinite(value) ? (float) value : 0f;
        g.writeNumberField(field, f == 0f ? 0f : f);
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
