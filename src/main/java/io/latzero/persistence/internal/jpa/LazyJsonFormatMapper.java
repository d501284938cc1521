package io.latzero.persistence.internal.jpa;

import java.io.IOException;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.FormatMapperCreationContext;
import org.hibernate.type.format.jackson.JacksonIntegration;
import org.hibernate.type.format.jakartajson.JakartaJsonIntegration;

/**
 * Hibernate's JSON format mapper, made when an attribute mapped as Hibernate's JSON type is first read or written
 * instead of while the unit boots. The library's entities map JSON with their own converters and never use it, but
 * Hibernate builds it at every boot: a Jackson {@code ObjectMapper} that looks for modules on the whole class path,
 * about a fifth of a unit's boot in a new JVM. An extension entity that does use it gets the same mapper Hibernate
 * would have chosen (Jackson 2, else Jackson 3, else JSON-B, with the same creation context), on first use.
 */
public final class LazyJsonFormatMapper implements FormatMapper {
    private final FormatMapperCreationContext context;
    private volatile FormatMapper delegate;

    /** Called by Hibernate, which passes its creation context to a format mapper class with this constructor. */
    public LazyJsonFormatMapper(FormatMapperCreationContext context) {
        this.context = context;
    }

    private FormatMapper delegate() {
        FormatMapper mapper = delegate;
        if (mapper == null) {
            synchronized (this) {
                mapper = delegate;
                if (mapper == null) {
                    mapper = JacksonIntegration.getJsonJacksonFormatMapperOrNull(context);
                    if (mapper == null) {
                        mapper = JacksonIntegration.getJsonJackson3FormatMapperOrNull(context);
                    }
                    if (mapper == null) {
                        mapper = JakartaJsonIntegration.getJakartaJsonBFormatMapperOrNull();
                    }
                    if (mapper == null) {
                        throw new IllegalStateException("No JSON format mapper is available to Hibernate: neither"
                                + " Jackson nor a JSON-B implementation is on the class path");
                    }
                    delegate = mapper;
                }
            }
        }
        return mapper;
    }

    @Override
    public <T> T fromString(CharSequence charSequence, JavaType<T> javaType, WrapperOptions wrapperOptions) {
        return delegate().fromString(charSequence, javaType, wrapperOptions);
    }

    @Override
    public <T> String toString(T value, JavaType<T> javaType, WrapperOptions wrapperOptions) {
        return delegate().toString(value, javaType, wrapperOptions);
    }

    @Override
    public boolean supportsSourceType(Class<?> sourceType) {
        return delegate().supportsSourceType(sourceType);
    }

    @Override
    public boolean supportsTargetType(Class<?> targetType) {
        return delegate().supportsTargetType(targetType);
    }

    @Override
    public <T> void writeToTarget(T value, JavaType<T> javaType, Object target, WrapperOptions options)
            throws IOException {
        delegate().writeToTarget(value, javaType, target, options);
    }

    @Override
    public <T> T readFromSource(JavaType<T> javaType, Object source, WrapperOptions options) throws IOException {
        return delegate().readFromSource(javaType, source, options);
    }
}
