package io.latzero.persistence.internal.jpa;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.internal.BytecodeProviderInitiator;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.service.spi.ServiceContributor;

/**
 * Gives the library's persistence units one Hibernate {@link BytecodeProvider} for the whole process instead of a
 * new one per boot. Hibernate otherwise finds the provider with a {@link java.util.ServiceLoader} and builds a new
 * ByteBuddy state (and generates the entities' proxy classes again) for every unit it boots: measured in a warm JVM,
 * about a quarter of each reopen. Registered as a {@link ServiceContributor}; it acts only on units whose settings
 * carry {@link #SETTING} (those {@link HibernateBoot} starts), so other Hibernate units in the process are untouched.
 * The provider is ByteBuddy's, made when an entity first needs it: the library's own entities do not
 * ({@link DeferringBytecodeProvider}).
 */
public final class SharedBytecodeProvider implements ServiceContributor {
    /** The setting by which {@link HibernateBoot} asks for the shared provider. */
    static final String SETTING = "io.latzero.persistence.shared-bytecode-provider";

    @Override
    public void contribute(StandardServiceRegistryBuilder builder) {
        if ("true".equals(String.valueOf(builder.getSettings().get(SETTING)))) {
            builder.addService(BytecodeProvider.class, Holder.PROVIDER);
        }
    }

    /** Built on first use, by the first boot that asks. */
    private static final class Holder {
        static final BytecodeProvider PROVIDER =
                new DeferringBytecodeProvider(BytecodeProviderInitiator::buildDefaultBytecodeProvider);
    }
}
