package dev.threadline.ingest.command;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/** Checks {@link Uuid}: the one place the API's id rule is applied. */
@Singleton
class UuidValidator implements ConstraintValidator<Uuid, CharSequence> {

    private static final Pattern UUID = Pattern.compile(Ids.UUID_PATTERN);

    @Override
    public boolean isValid(@Nullable CharSequence value, @NonNull AnnotationValue<Uuid> annotation,
                           @NonNull ConstraintValidatorContext context) {
        return value == null || UUID.matcher(value).matches();
    }
}
