package io.latzero.persistence.internal.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.app.internal.AppEntity;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.bytecode.spi.ReflectionOptimizer;
import org.junit.jupiter.api.Test;

class DeferringBytecodeProviderTest {
    private final AtomicInteger made = new AtomicInteger();
    private final ReflectionOptimizer optimizer = stub(ReflectionOptimizer.class, null);
    private final DeferringBytecodeProvider provider = new DeferringBytecodeProvider(() -> {
        made.incrementAndGet();
        return stub(BytecodeProvider.class, optimizer);
    });

    @Test
    void the_library_entities_get_no_reflection_optimizer_and_no_bytecode_provider_is_made_for_them() {
        assertThat(provider.getReflectionOptimizer(AppEntity.class, Map.of())).isNull();
        provider.getProxyFactoryFactory().buildProxyFactory(null)
                .postInstantiate("app", AppEntity.class, Set.of(), null, null, null);

        assertThat(made.get()).as("bytecode providers made").isZero();
    }

    @Test
    void another_entity_gets_the_reflection_optimizer_of_the_provider_made_once_on_first_need() {
        assertThat(provider.getReflectionOptimizer(String.class, Map.of())).isSameAs(optimizer);
        assertThat(provider.getReflectionOptimizer(Integer.class, Map.of())).isSameAs(optimizer);

        assertThat(made.get()).as("bytecode providers made").isEqualTo(1);
    }

    /** An implementation of {@code type} whose every method returns {@code result} (null where that does not fit). */
    private static <T> T stub(Class<T> type, Object result) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> result != null && method.getReturnType().isInstance(result) ? result : null));
    }
}
