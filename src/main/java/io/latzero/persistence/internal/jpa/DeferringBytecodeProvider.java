package io.latzero.persistence.internal.jpa;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
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
 * Hibernate's bytecode provider, except that the lazy-loading proxy class of one of the library's own entities is
 * generated when the first proxy of it is asked for, not while the unit boots. Hibernate generates a ByteBuddy
 * subclass of every entity at boot (a sixth of a boot in a new JVM), but the library's entities have no lazy
 * association and it never asks for a reference, so their proxies are normally never made. Every other entity (an
 * extension's) gets its proxy factory exactly as Hibernate makes it, so a class Hibernate cannot proxy is still
 * found, and reported, at boot.
 */
final class DeferringBytecodeProvider implements BytecodeProvider {
    private static final String LIBRARY_PACKAGE = "io.latzero.persistence.";
    private final BytecodeProvider delegate;

    DeferringBytecodeProvider(BytecodeProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public ProxyFactoryFactory getProxyFactoryFactory() {
        ProxyFactoryFactory factories = delegate.getProxyFactoryFactory();
        return new ProxyFactoryFactory() {
            @Override
            public ProxyFactory buildProxyFactory(SessionFactoryImplementor sessionFactory) {
                return new DeferredProxyFactory(factories.buildProxyFactory(sessionFactory));
            }

            @Override
            public BasicProxyFactory buildBasicProxyFactory(Class superClassOrInterface) {
                return factories.buildBasicProxyFactory(superClassOrInterface);
            }
        };
    }

    @Override
    @SuppressWarnings({"deprecation", "rawtypes"})
    public ReflectionOptimizer getReflectionOptimizer(Class clazz, String[] getterNames, String[] setterNames,
                                                      Class[] types) {
        return delegate.getReflectionOptimizer(clazz, getterNames, setterNames, types);
    }

    @Override
    public ReflectionOptimizer getReflectionOptimizer(Class<?> clazz, Map<String, PropertyAccess> propertyAccessMap) {
        return delegate.getReflectionOptimizer(clazz, propertyAccessMap);
    }

    @Override
    public Enhancer getEnhancer(EnhancementContext enhancementContext) {
        return delegate.getEnhancer(enhancementContext);
    }

    @Override
    public void resetCaches() {
        delegate.resetCaches();
    }

    /** Passes {@code postInstantiate} on at once, or for a library entity on the first {@code getProxy}. */
    private static final class DeferredProxyFactory implements ProxyFactory {
        private final ProxyFactory delegate;
        private Runnable pending;

        DeferredProxyFactory(ProxyFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public void postInstantiate(String entityName, Class<?> persistentClass, Set<Class<?>> interfaces,
                                    Method getIdentifierMethod, Method setIdentifierMethod,
                                    CompositeType componentIdType) throws HibernateException {
            Runnable instantiate = () -> delegate.postInstantiate(entityName, persistentClass, interfaces,
                    getIdentifierMethod, setIdentifierMethod, componentIdType);
            if (persistentClass != null && persistentClass.getName().startsWith(LIBRARY_PACKAGE)) {
                synchronized (this) {
                    pending = instantiate;
                }
            } else {
                instantiate.run();
            }
        }

        @Override
        public HibernateProxy getProxy(Object id, SharedSessionContractImplementor session) throws HibernateException {
            synchronized (this) {
                if (pending != null) {
                    pending.run();
                    pending = null;
                }
            }
            return delegate.getProxy(id, session);
        }
    }
}
