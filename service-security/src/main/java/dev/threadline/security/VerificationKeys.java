package dev.threadline.security;

import com.nimbusds.jose.JWSAlgorithm;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.ec.ECSignature;
import io.micronaut.security.token.jwt.signature.ec.ECSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.rsa.RSASignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * The keys that bearer tokens are verified with, from Threadline's configuration: a shared secret for HS256
 * ({@code threadline.jwt.secret}, for local use), and a PEM public key for RS256/ES256
 * ({@code threadline.jwt.public-key}, a file path: RSA keys verify RS256/384/512, EC keys ES256/384/512 by
 * their curve). A JWKS URL is Micronaut's own setting ({@code micronaut.security.token.jwt.signatures.jwks.<name>.url}).
 * Any of them may be set together; a token signed by any is accepted.
 */
@Factory
public class VerificationKeys {

    /** The settings read here, with their defaults (none: empty), for the configuration check (docs/configuration.md). */
    public static final Map<String, String> SETTINGS = Map.of("threadline.jwt.secret", "", "threadline.jwt.public-key", "");

    /** HS256 needs at least 256 bits of secret. */
    static final int MIN_SECRET_BYTES = 32;

    @Singleton
    @Named("threadline-secret")
    @Requires(property = "threadline.jwt.secret")
    SignatureConfiguration sharedSecret(@Value("${threadline.jwt.secret}") String secret) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new ConfigurationException("threadline.jwt.secret (THREADLINE_JWT_SECRET) must be at least "
                    + MIN_SECRET_BYTES + " bytes for HS256; it has " + secret.getBytes(StandardCharsets.UTF_8).length);
        }
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("threadline");
        configuration.setSecret(secret);
        configuration.setJwsAlgorithm(JWSAlgorithm.HS256);
        return new SecretSignature(configuration);
    }

    @Singleton
    @Named("threadline-public-key")
    @Requires(property = "threadline.jwt.public-key")
    SignatureConfiguration publicKey(@Value("${threadline.jwt.public-key}") String path) {
        PublicKey key = readPem(Path.of(path));
        return switch (key) {
            case RSAPublicKey rsa -> new RSASignature(() -> rsa);
            case ECPublicKey ec -> new ECSignature(new ECSignatureConfiguration() {
                @Override
                public ECPublicKey getPublicKey() {
                    return ec;
                }

                @Override
                public JWSAlgorithm getJwsAlgorithm() {
                    return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                        case 256 -> JWSAlgorithm.ES256;
                        case 384 -> JWSAlgorithm.ES384;
                        case 521 -> JWSAlgorithm.ES512;
                        default -> throw new ConfigurationException("The EC key in " + path
                                + " is on an unsupported curve; use P-256, P-384 or P-521");
                    };
                }
            });
            default -> throw new ConfigurationException("The public key in " + path + " is " + key.getAlgorithm()
                    + "; an RSA or EC key is needed");
        };
    }

    /** A {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo) PEM file. */
    static PublicKey readPem(Path path) {
        String pem;
        try {
            pem = Files.readString(path);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read the public key file " + path + " (threadline.jwt.public-key): " + e);
        }
        int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = pem.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new ConfigurationException(path + " holds no PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigurationException("The public key in " + path + " is neither an RSA nor an EC key");
    }
}
