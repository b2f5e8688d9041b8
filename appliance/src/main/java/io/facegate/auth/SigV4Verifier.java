package io.facegate.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 …}) the way AWS's front end does, with
 * AWS's error codes and messages. The canonical request is rebuilt from the client's own {@code SignedHeaders}, with
 * {@code host} exactly as received; any region is accepted; the request time must be within 5 minutes of ours.
 *
 * <p>Verification is split in two so that an unauthenticated caller cannot make the service read a large body:
 * {@link #authenticate} checks everything the headers alone decide (token present, complete, in time, scoped to
 * this service, known key), and {@link Pending#verify} then checks the signature over the body.
 *
 * <p>Longer than most classes here (about 350 lines) on purpose: it is one protocol, each step a short method in
 * the order AWS's documentation gives them (parse the header, canonical request, string to sign, signing key), and
 * splitting it would scatter that order over files.
 */
public final class SigV4Verifier {

    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    static final String MISMATCH = "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    private static final int KEY_CACHE_LIMIT = 4096;

    private final Map<String, AccessKey> keys;
    private final String service;
    private final Clock clock;
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

    /** {@code service} is the signing name clients use, {@code rekognition} for this appliance. */
    public SigV4Verifier(Map<String, AccessKey> keys, String service, Clock clock) {
        this.keys = Map.copyOf(keys);
        this.service = service;
        this.clock = clock;
    }

    /** Request headers by lower-case name: every value received for it, in order; empty when absent. */
    @FunctionalInterface
    public interface Headers {
        List<String> values(String lowerCaseName);

        default String first(String lowerCaseName) {
            List<String> values = values(lowerCaseName);
            return values.isEmpty() ? null : values.getFirst();
        }
    }

    /** Checks what the headers alone decide; {@code rawPath} and {@code rawQuery} as received (query may be null). */
    public Pending authenticate(String method, String rawPath, String rawQuery, Headers headers) throws AuthException {
        String authorization = headers.first("authorization");
        if (authorization == null || !authorization.startsWith("AWS4-")) {
            throw new AuthException(AuthFailure.MissingAuthenticationTokenException,
                    "Request is missing Authentication Token");
        }
        int space = authorization.indexOf(' ');
        String algorithm = space < 0 ? authorization : authorization.substring(0, space);
        if (!algorithm.equals(ALGORITHM)) {
            throw new AuthException(AuthFailure.IncompleteSignatureException,
                    "Unsupported AWS 'algorithm': '" + algorithm + "'");
        }
        Map<String, String> params = parameters(space < 0 ? "" : authorization.substring(space + 1));
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!params.containsKey(required)) {
                throw incomplete("Authorization header requires '" + required + "' parameter. Authorization="
                        + authorization);
            }
        }
        String amzDate = headers.first("x-amz-date");
        Instant requestTime;
        if (amzDate != null) {
            try {
                requestTime = Instant.from(AMZ_DATE.parse(amzDate.strip()));
                amzDate = amzDate.strip();
            } catch (DateTimeParseException e) {
                throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + amzDate
                        + "'. See http://en.wikipedia.org/wiki/ISO_8601");
            }
        } else if (headers.first("date") != null) {
            try {
                requestTime = ZonedDateTime.parse(headers.first("date").strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                amzDate = AMZ_DATE.format(requestTime);
            } catch (DateTimeParseException e) {
                throw incomplete("Date must be in RFC 1123 format. Got '" + headers.first("date") + "'.");
            }
        } else {
            throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                    + "Authorization=" + authorization);
        }
        checkSkew(requestTime);

        List<String> signedHeaders = List.of(params.get("SignedHeaders").split(";"));
        if (!signedHeaders.contains("host")) {
            throw invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String credential = params.get("Credential");
        String[] scope = credential.split("/", -1);
        if (scope.length != 5) {
            throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g. "
                    + "keyid/date/region/service/term, got '" + credential + "'");
        }
        if (!scope[3].equals(service)) {
            throw invalid("Credential should be scoped to correct service: '" + service + "'. ");
        }
        if (!scope[4].equals("aws4_request")) {
            throw invalid("Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[4] + "'. ");
        }
        if (!scope[1].equals(amzDate.substring(0, 8))) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scope[1] + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        if (!scope[2].matches("[a-z0-9-]{1,64}")) {
            throw invalid("Credential should be scoped to a valid region, not '" + scope[2] + "'. ");
        }
        AccessKey key = keys.get(scope[0]);
        if (key == null) {
            throw new AuthException(AuthFailure.UnrecognizedClientException, INVALID_TOKEN);
        }
        if (headers.first("x-amz-security-token") != null) {
            // Temporary (STS) credentials cannot be checked on the box: their tokens are never valid here.
            throw new AuthException(AuthFailure.UnrecognizedClientException, INVALID_TOKEN);
        }
        String signature = params.get("Signature");
        if (!signature.matches("[0-9a-f]{64}")) {
            throw invalid(MISMATCH);
        }
        String canonicalHeaders = canonicalHeaders(signedHeaders, headers);
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4];
        return new Pending(key, method, rawPath, rawQuery, canonicalHeaders, params.get("SignedHeaders"),
                headers.first("x-amz-content-sha256"), amzDate, credentialScope, scope[1], scope[2], signature);
    }

    /** Fails with {@code AccessDeniedException} unless {@code key} may call {@code action}. */
    public static void authorize(AccessKey key, String action) throws AuthException {
        if (!key.allows(action)) {
            throw new AuthException(AuthFailure.AccessDeniedException,
                    "User: " + key.id() + " is not authorized to perform: " + action);
        }
    }

    /** A request whose headers passed; {@link #verify} checks its signature over the body. */
    public final class Pending {
        private final AccessKey key;
        private final String method;
        private final String rawPath;
        private final String rawQuery;
        private final String canonicalHeaders;
        private final String signedHeaders;
        private final String contentSha256;
        private final String amzDate;
        private final String credentialScope;
        private final String date;
        private final String region;
        private final String signature;

        private Pending(AccessKey key, String method, String rawPath, String rawQuery, String canonicalHeaders,
                        String signedHeaders, String contentSha256, String amzDate, String credentialScope,
                        String date, String region, String signature) {
            this.key = key;
            this.method = method;
            this.rawPath = rawPath;
            this.rawQuery = rawQuery;
            this.canonicalHeaders = canonicalHeaders;
            this.signedHeaders = signedHeaders;
            this.contentSha256 = contentSha256;
            this.amzDate = amzDate;
            this.credentialScope = credentialScope;
            this.date = date;
            this.region = region;
            this.signature = signature;
        }

        public AccessKey key() {
            return key;
        }

        /** The key, if the signature covers exactly these body bytes; otherwise {@code InvalidSignatureException}. */
        public AccessKey verify(byte[] body) throws AuthException {
            String bodyHash = HEX.formatHex(sha256(body));
            if (contentSha256 != null && !contentSha256.strip().equals(bodyHash)) {
                throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
            }
            String canonicalRequest = method + "\n" + canonicalUri(rawPath) + "\n" + canonicalQuery(rawQuery) + "\n"
                    + canonicalHeaders + "\n" + signedHeaders + "\n" + bodyHash;
            String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credentialScope + "\n"
                    + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
            byte[] expected = HEX.formatHex(hmac(signingKey(key, date, region),
                    stringToSign.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
                throw invalid(MISMATCH);
            }
            return key;
        }
    }

    private void checkSkew(Instant requestTime) throws AuthException {
        Instant now = clock.instant();
        if (requestTime.isBefore(now.minus(MAX_SKEW))) {
            throw invalid("Signature expired: " + AMZ_DATE.format(requestTime) + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)");
        }
        if (requestTime.isAfter(now.plus(MAX_SKEW))) {
            throw invalid("Signature not yet current: " + AMZ_DATE.format(requestTime) + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)");
        }
    }

    private byte[] signingKey(AccessKey key, String date, String region) {
        String cacheKey = key.id() + "/" + date + "/" + region;
        byte[] cached = signingKeys.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        byte[] k = hmac(("AWS4" + key.secret()).getBytes(StandardCharsets.UTF_8), date.getBytes(StandardCharsets.UTF_8));
        k = hmac(k, region.getBytes(StandardCharsets.UTF_8));
        k = hmac(k, service.getBytes(StandardCharsets.UTF_8));
        k = hmac(k, "aws4_request".getBytes(StandardCharsets.UTF_8));
        if (signingKeys.size() >= KEY_CACHE_LIMIT) {
            signingKeys.clear();
        }
        signingKeys.put(cacheKey, k);
        return k;
    }

    /** {@code Credential=…, SignedHeaders=…, Signature=…}, tolerating any whitespace around the separators. */
    private static Map<String, String> parameters(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                params.putIfAbsent(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return params;
    }

    static String canonicalHeaders(List<String> signedHeaders, Headers headers) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = new ArrayList<>();
            for (String value : headers.values(name)) {
                values.add(value.strip().replaceAll("\\s+", " "));
            }
            out.append(name).append(':').append(String.join(",", values)).append('\n');
        }
        return out.toString();
    }

    /** Non-S3 services encode the (already encoded) path once more, keeping the slashes. */
    static String canonicalUri(String rawPath) {
        return rawPath == null || rawPath.isEmpty() ? "/" : uriEncode(rawPath, false);
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(new String[] {uriEncode(percentDecode(name), true), uriEncode(percentDecode(value), true)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        for (String[] p : pairs) {
            joined.add(p[0] + "=" + p[1]);
        }
        return String.join("&", joined);
    }

    /** RFC 3986 encoding of everything but unreserved characters (and '/' unless {@code encodeSlash}). */
    static String uriEncode(String text, boolean encodeSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    private static String percentDecode(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && HexFormat.isHexDigit(text.charAt(i + 1)) && HexFormat.isHexDigit(text.charAt(i + 2))) {
                out.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    private static AuthException incomplete(String message) {
        return new AuthException(AuthFailure.IncompleteSignatureException, message);
    }

    private static AuthException invalid(String message) {
        return new AuthException(AuthFailure.InvalidSignatureException, message);
    }

    /** For tests: a time in the {@code X-Amz-Date} format. */
    static String amzDate(Instant instant) {
        return AMZ_DATE.format(instant);
    }
}
