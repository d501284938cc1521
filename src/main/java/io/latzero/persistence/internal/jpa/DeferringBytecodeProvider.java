package io.latzero.persistence.internal.jpa;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.hibernate.HibernateException;
import org.hibernate.bytecode.enhance.spi.EnhancementContext;
import org.hibernate.bytecode.enhance.spi.Enhancer;
import org.hibernate.bytecode.spi.BasicProxyFactory;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.bytecode.spi.ProxyFactoryFactory;
import org.hibernate.bytecode.spi.ReflectionOptimizer;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.property.access.spi.PropertyAccess;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.ProxyFactory;
import org.hibernate.type.CompositeType;

/**
 * Hibernate's bytecode provider (ByteBuddy), made only when an entity needs it. The library's own entities do not:
 * Hibernate reads and writes their fields and calls their constructors by plain reflection (no reflection optimizer,
 * whose generated accessor classes cost a new JVM about a fifth of a boot with ByteBuddy's bootstrap), and the
 * lazy-loading proxy class of one of them is generated when the first proxy of it is asked for, which the library
 * never does (no lazy association, no {@code getReference}). Every other entity (an extension's) gets its reflection
 * optimizer and proxy factory exactly as Hibernate makes them, so a class Hibernate cannot proxy is still found, and
 * reported, at boot.
 */
final class DeferringBytecodeProvider implements BytecodeProvider {
    private static final String LIBRARY_PACKAGE = "io.latzero.persistence.";
    private final Supplier<BytecodeProvider> make;
    private BytecodeProvider delegate;

    /** A provider delegating to the one {@code make} builds, on first need. */
    DeferringBytecodeProvider(Supplier<BytecodeProvider> make) {
        this.make = make;
    }

    private synchronized BytecodeProvider delegate() {
        if (delegate == null) {
            delegate = make.get();
        }
        return delegate;
    }

    private static boolean library(Class<?> type) {
        return type != null && type.getName().startsWith(LIBRARY_PACKAGE);
    }

    @Override
    public ProxyFactoryFactory getProxyFactoryFactory() {
        return new ProxyFactoryFactory() {
            @Override
            public ProxyFactory buildProxyFactory(SessionFactoryImplementor sessionFactory) {
                return new DeferredProxyFactory(() -> delegate().getProxyFactoryFactory().buildProxyFactory(sessionFactory));
            }

            @Override
            public BasicProxyFactory buildBasicProxyFactory(Class superClassOrInterface) {
                return delegate().getProxyFactoryFactory().buildBasicProxyFactory(superClassOrInterface);
            }
        };
    }

    @Override
    @SuppressWarnings({"deprecation", "rawtypes"})
    public ReflectionOptimizer getReflectionOptimizer(Class clazz, String[] getterNames, String[] setterNames,
                                                      Class[] types) {
        return library(clazz) ? null : delegate().getReflectionOptimizer(clazz, getterNames, setterNames, types);
    }

    /** None (plain reflection) for a library entity. */
    @Override
    public ReflectionOptimizer getReflectionOptimizer(Class<?> clazz, Map<String, PropertyAccess> propertyAccessMap) {
        return library(clazz) ? null : delegate().getReflectionOptimizer(clazz, propertyAccessMap);
    }

    @Override
    public Enhancer getEnhancer(EnhancementContext enhancementContext) {
        return delegate().getEnhancer(enhancementContext);
    }

    @Override
    public synchronized void resetCaches() {
        if (delegate != null) {
            delegate.resetCaches();
        }
    }

    /**
     * Makes the proxy factory and passes {@code postInstantiate} on at once, or for a library entity on the first
     * {@code getProxy}.
     */
    private static final class DeferredProxyFactory implements ProxyFactory {
        private final Supplier<ProxyFactory> make;
        private ProxyFactory delegate;
        private Runnable pending;

        DeferredProxyFactory(Supplier<ProxyFactory> make) {
            this.make = make;
        }

        @Override
        public void postInstantiate(String entityName, Class<?> persistentClass, Set<Class<?>> interfaces,
                                    Method getIdentifierMethod, Method setIdentifierMethod,
                                    CompositeType componentIdType) throws HibernateException {
            Runnable instantiate = () -> {
                delegate = make.get();
                delegate.postInstantiate(entityName, persistentClass, interfaces, getIdentifierMethod,
                        setIdentifierMethod, componentIdType);
            };
            if (library(persistentClass)) {
                synchronized (this) {
                    pending = instantiate;
                }
            } else {
                instantiate.run();
            }
        }

        @Override
        public HibernateProxy getProxy(Object id, SharedSessionContractImplementor session) throws HibernateException {
            ProxyFactory factory;
            synchronized (this) {
                if (pending != null) {
                    pending.run();
                    pending = null;
                }
                factory = delegate;
            }
            return factory.getProxy(id, session);
        }
    }
}
