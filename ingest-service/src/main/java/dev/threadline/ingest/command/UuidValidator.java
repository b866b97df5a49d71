package dev.threadline.ingest.command;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;
import jakarta.inject.Singleton;

/** Checks {@link Uuid}: the one place the API's id rule is applied. */
@Singleton
class UuidValidator implements ConstraintValidator<Uuid, CharSequence> {

    @Override
    public boolean isValid(@Nullable CharSequence value, @NonNull AnnotationValue<Uuid> annotation,
                           @NonNull ConstraintValidatorContext context) {
        return value == null || Ids.isCanonicalUuid(value);
    }
}
