package io.facegate.attributes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.facegate.decode.RgbImage;
import io.facegate.detect.Detection;
import io.facegate.face.Face;
import io.facegate.face.FaceAttributes;
import io.facegate.face.FaceAttributes.Emotion;
import io.facegate.face.FaceAttributes.EmotionScore;
import io.facegate.face.FaceAttributes.Gaze;
import io.facegate.face.FaceAttributes.Gender;
import io.facegate.face.FaceAttributes.Verdict;
import io.facegate.face.LandmarkType;
import io.facegate.model.AttributeModels;

/**
 * Adds the requested non-DEFAULT members to a face, running only the models they need: facemesh for landmarks,
 * geometry, mouth patches and pose; iris for pupils and gaze; emotion for Emotions and Smile; faceres for AgeRange,
 * Gender and the descriptor the Smile, Eyeglasses, Sunglasses, Beard and Mustache heads read. A request that needs
 * no model (DEFAULT) never gets here. Whenever the mesh ran, the DEFAULT five landmarks and the pose come from it too.
 */
public final class FaceAnalyzer {

    /** Face crop for emotion and faceres: the detector box enlarged 1.2×, square, turned by the eye angle. */
    static final double CLASSIFIER_CROP_SCALE = 1.2;
    /** facemesh's own face flag below this means the crop holds no clear face (manifest: accept at 0.5). */
    public static final double FACE_FLAG_MIN = 0.5;
    /** Eye-region over cheek luma below this with glasses present reads as dark lenses (chosen, not measured). */
    static final double DARK_LENSES = 0.5;

    private static final Set<Member> MESH = EnumSet.of(Member.EYES_OPEN, Member.MOUTH_OPEN, Member.SMILE,
            Member.EYE_DIRECTION, Member.FACE_OCCLUDED, Member.SUNGLASSES, Member.EYEGLASSES, Member.MUSTACHE);
    private static final Set<Member> EMOTION = EnumSet.of(Member.EMOTIONS, Member.SMILE);
    private static final Set<Member> FACERES = EnumSet.of(Member.AGE_RANGE, Member.SMILE, Member.GENDER,
            Member.EYEGLASSES, Member.SUNGLASSES, Member.BEARD, Member.MUSTACHE, Member.FACE_OCCLUDED);
    /** The emotion model's seven classes in output order: angry, disgust, fear, happy, sad, surprise, neutral. */
    private static final Emotion[] EMOTIONS = {Emotion.ANGRY, Emotion.DISGUSTED, Emotion.FEAR, Emotion.HAPPY,
            Emotion.SAD, Emotion.SURPRISED, Emotion.CALM};

    private final AttributeModels models;
    private final FaceMesh faceMesh;
    private volatile Heads heads;

    public FaceAnalyzer(AttributeModels models, Heads heads) {
        this.models = models;
        this.faceMesh = new FaceMesh(models.facemesh(), models.iris());
        this.heads = heads;
    }

    /** Replaces the heads (the training tool evaluates the heads it has just fitted). */
    public void heads(Heads fitted) {
        this.heads = fitted;
    }

    /** Which models ran. */
    public record Needs(boolean mesh, boolean iris, boolean emotion, boolean faceres) {

        public static Needs of(Set<Member> members, boolean allLandmarks) {
            return new Needs(allLandmarks || members.stream().anyMatch(MESH::contains),
                    allLandmarks || members.contains(Member.EYE_DIRECTION),
                    members.stream().anyMatch(EMOTION::contains), members.stream().anyMatch(FACERES::contains));
        }
    }

    /** Runs the models {@code needs} names on one face. */
    public Measurements measure(Detection d, RgbImage image, Needs needs) {
        Optional<FaceMesh.Mesh> mesh = needs.mesh() ? Optional.of(faceMesh.run(d, image, needs.iris())) : Optional.empty();
        RotatedCrop face = FaceMesh.crop(d, CLASSIFIER_CROP_SCALE);
        Optional<float[]> emotion = Optional.empty();
        if (needs.emotion()) {
            int side = models.emotion().inputSize();
            emotion = Optional.of(models.emotion().run(face.tensor(image, side, RotatedCrop.Scale.GRAY_SIGNED))
                    .get("emotion"));
        }
        double male = Double.NaN;
        double age = Double.NaN;
        Optional<float[]> descriptor = Optional.empty();
        if (needs.faceres()) {
            int side = models.faceres().inputSize();
            Map<String, float[]> out = models.faceres().run(face.tensor(image, side, RotatedCrop.Scale.BYTE));
            male = out.get("gender")[0];
            float[] ages = out.get("age");
            double sum = 0;
            double mass = 0;
            for (int i = 0; i < ages.length; i++) {
                sum += i * ages[i];
                mass += ages[i];
            }
            age = sum / Math.max(mass, 1e-9);
            descriptor = Optional.of(out.get("descriptor"));
        }
        double cheeks = mesh.map(m -> MeshGeometry.cheekLuma(m, image)).orElse(Double.NaN);
        double darkness = mesh.map(m -> MeshGeometry.eyeDarkness(m, image, cheeks)).orElse(Double.NaN);
        double[] upperLip = mesh.map(m -> MouthPatches.upperLip(m, image, cheeks)).orElse(new double[0]);
        return new Measurements(mesh, emotion, male, age, descriptor, darkness, upperLip);
    }

    /**
     * gear's input as Human prepares it: the classifier crop's region [top 0, left 0.1, bottom 0.9, right 0.9],
     * values 0..1. Only the evaluation tool runs gear (to compare it with faceres).
     */
    public static float[] gearInput(Detection d, RgbImage image, int side) {
        return FaceMesh.crop(d, CLASSIFIER_CROP_SCALE).sub(0.1, 0, 0.9, 0.9).tensor(image, side, RotatedCrop.Scale.UNIT);
    }

    /**
     * The classifier crop with values 0..1, as Human passes it to antispoof and liveness. Only the evaluation tool runs
     * those models.
     */
    public static float[] unitFaceInput(Detection d, RgbImage image, int side) {
        return FaceMesh.crop(d, CLASSIFIER_CROP_SCALE).tensor(image, side, RotatedCrop.Scale.UNIT);
    }

    /** The face with the requested members added; {@code allLandmarks} gives every {@link LandmarkType}. */
    public Face describe(Face base, Detection d, RgbImage image, Set<Member> members, boolean allLandmarks) {
        return describe(base, image, members, allLandmarks, measure(d, image, Needs.of(members, allLandmarks)));
    }

    /** As above from measurements already taken (the evaluation tool measures each face once). */
    public Face describe(Face base, RgbImage image, Set<Member> members, boolean allLandmarks, Measurements m) {
        List<Face.Landmark> landmarks = base.landmarks();
        Face.Pose pose = base.pose();
        if (m.mesh().isPresent()) {
            landmarks = MeshGeometry.landmarks(m.mesh().get(),
                    allLandmarks ? MeshGeometry.LANDMARKS.size() : LandmarkType.BASIC, image.width(), image.height());
            pose = MeshGeometry.pose(m.mesh().get());
        }
        Optional<Verdict> glasses = members.contains(Member.EYEGLASSES) || members.contains(Member.SUNGLASSES)
                || members.contains(Member.FACE_OCCLUDED) ? Optional.of(verdict("eyeglasses", m)) : Optional.empty();
        boolean dark = m.eyeDarkness() < DARK_LENSES;
        Optional<Verdict> sunglasses = glasses.map(g -> new Verdict(g.value() && dark, g.confidence()));
        return base.with(landmarks, pose, new FaceAttributes(
                when(members, Member.AGE_RANGE, () -> heads.ageRange(m)),
                when(members, Member.SMILE, () -> verdict("smile", m)),
                when(members, Member.EYEGLASSES, () -> new Verdict(glasses.get().value() && !dark,
                        glasses.get().confidence())),
                when(members, Member.SUNGLASSES, sunglasses::get),
                when(members, Member.GENDER, () -> gender(m)),
                when(members, Member.BEARD, () -> verdict("beard", m)),
                when(members, Member.MUSTACHE, () -> verdict("mustache", m)),
                when(members, Member.EYES_OPEN, () -> verdict("eyesOpen", m)),
                when(members, Member.MOUTH_OPEN, () -> verdict("mouthOpen", m)),
                when(members, Member.EMOTIONS, () -> emotions(m.emotion().orElseThrow())),
                when(members, Member.EYE_DIRECTION, () -> eyeDirection(m.mesh().orElseThrow())),
                when(members, Member.FACE_OCCLUDED, () -> occluded(m.mesh().orElseThrow(), sunglasses.get()))));
    }

    private static <T> Optional<T> when(Set<Member> members, Member member, java.util.function.Supplier<T> value) {
        return members.contains(member) ? Optional.of(value.get()) : Optional.empty();
    }

    private Verdict verdict(String head, Measurements m) {
        Heads.Head h = heads.head(head);
        return h.verdict(m.features(h.features()));
    }

    private Gender gender(Measurements m) {
        Verdict male = verdict("gender", m);
        return new Gender(male.value() ? Gender.Value.MALE : Gender.Value.FEMALE, male.confidence());
    }

    /**
     * The 7 classes mapped to {@link Emotion} (neutral → CALM). The model has no class for CONFUSED: it gets the
     * lowest of the seven, so it never ranks above an emotion the model measured. Sorted by confidence, descending.
     */
    static List<EmotionScore> emotions(float[] p) {
        List<EmotionScore> list = new ArrayList<>();
        double min = 1;
        for (int i = 0; i < EMOTIONS.length; i++) {
            list.add(new EmotionScore(EMOTIONS[i], p[i]));
            min = Math.min(min, p[i]);
        }
        list.add(new EmotionScore(Emotion.CONFUSED, min));
        list.sort(Comparator.comparingDouble(EmotionScore::confidence).reversed());
        return List.copyOf(list);
    }

    private static Gaze eyeDirection(FaceMesh.Mesh mesh) {
        double[] yp = MeshGeometry.eyeDirection(mesh);
        return new Gaze(yp[0], yp[1], mesh.faceFlag());
    }

    /**
     * Occluded when facemesh's face flag says the crop holds no clear face, or dark lenses cover the eyes; confidence
     * is the face flag's (not calibrated: celeba-dev has no occlusion label).
     */
    private static Verdict occluded(FaceMesh.Mesh mesh, Verdict sunglasses) {
        boolean noFace = mesh.faceFlag() < FACE_FLAG_MIN;
        if (noFace) {
            return new Verdict(true, 1 - mesh.faceFlag());
        }
        if (sunglasses.value()) {
            return new Verdict(true, sunglasses.confidence());
        }
        return new Verdict(false, mesh.faceFlag());
    }
}
