package io.sluice.controller.store;

class InMemoryStoreTest extends StoreContractTest {
    @Override
    Store newStore(int maxLogChanges) {
        return new InMemoryStore(maxLogChanges);
    }
}
