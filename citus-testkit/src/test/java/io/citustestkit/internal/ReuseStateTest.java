package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.internal.ReuseState.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decisions of the reusable cluster's lock, on what Docker would list (no Docker). */
class ReuseStateTest {

    private static final String ID = "reuse-0123456789abcdef";

    private static Entry node(String name, String role, String state) {
        return new Entry(name + "-id", name, state, role);
    }

    private static Entry ready() {
        return new Entry("ready-id", ReuseState.readyName(ID), "exited", ReuseState.LOCK_ROLE);
    }

    private static Entry lock(String state) {
        return new Entry("lock-id", ReuseState.lockName(ID), state, ReuseState.LOCK_ROLE);
    }

    private static List<Entry> wholeCluster() {
        return new ArrayList<>(List.of(node("c", "coordinator", "running"), node("w1", "worker", "running"),
                node("w2", "worker", "running"), ready()));
    }

    @Test
    void aFinishedClusterWithEveryNodeRunningIsWholeAndNeedsNoLock() {
        ReuseState state = new ReuseState(ID, wholeCluster());
        assertThat(state.isWhole(2)).isTrue();
        assertThat(state.lock()).isNull();
    }

    @Test
    void nothingIsNotWholeAndNothingIsLeftOver() {
        ReuseState state = new ReuseState(ID, List.of());
        assertThat(state.isWhole(2)).isFalse();
        assertThat(state.leftovers()).isEmpty();
        assertThat(state.describe(2)).isEqualTo("nothing of it exists");
    }

    @Test
    void whileALockIsHeldTheClusterIsNotWholeEvenWithEveryNode() {
        List<Entry> entries = new ArrayList<>(wholeCluster());
        entries.remove(ready());
        entries.add(lock("running"));
        ReuseState state = new ReuseState(ID, entries);
        assertThat(state.isWhole(2)).isFalse();
        assertThat(state.lock()).isEqualTo(lock("running"));
    }

    @Test
    void aJvmHoldingTheLockSeesTheClusterAnotherJustFinished() {
        List<Entry> entries = wholeCluster();
        entries.add(lock("created"));
        ReuseState state = new ReuseState(ID, entries);
        assertThat(state.isWhole(2)).isFalse();
        assertThat(state.nodesWhole(2)).isTrue();
    }

    @Test
    void withoutTheReadyRecordNodesAreWhatADeadCreatorLeftAndAreReplaced() {
        List<Entry> entries = List.of(node("c", "coordinator", "running"), node("w1", "worker", "created"));
        ReuseState state = new ReuseState(ID, entries);
        assertThat(state.isWhole(2)).isFalse();
        assertThat(state.nodesWhole(2)).isFalse();
        assertThat(state.leftovers()).containsExactlyElementsOf(entries);
        assertThat(state.describe(2)).contains("its creator never finished").contains("c (running)")
                .contains("w1 (created)");
    }

    @Test
    void aStoppedNodeOrAMissingOrExtraWorkerIsNotWhole() {
        List<Entry> stopped = wholeCluster();
        stopped.set(1, node("w1", "worker", "exited"));
        assertThat(new ReuseState(ID, stopped).isWhole(2)).isFalse();

        List<Entry> missing = wholeCluster();
        missing.remove(2);
        assertThat(new ReuseState(ID, missing).isWhole(2)).isFalse();

        List<Entry> extra = wholeCluster();
        extra.add(node("w3", "worker", "running"));
        ReuseState state = new ReuseState(ID, extra);
        assertThat(state.isWhole(2)).isFalse();
        assertThat(state.describe(2)).contains("not 1 running coordinator + 2 running workers");
        assertThat(state.leftovers()).hasSize(5).contains(ready());
    }

    @Test
    void aRunningLockHasALiveHolder() {
        ReuseLock.Staleness staleness = new ReuseLock.Staleness();
        assertThat(staleness.of(lock("running"), 0)).isNull();
        assertThat(staleness.of(lock("running"), Duration.ofHours(1).toNanos())).isNull();
    }

    @Test
    void anExitedLockIsStaleAtOnce() {
        assertThat(new ReuseLock.Staleness().of(lock("exited"), 0))
                .isEqualTo("it is exited: its holder's connection to Docker ended");
    }

    @Test
    void aLockCreatedAndNeverStartedIsStaleOnlyAfterTheGraceSeenByThisWaiter() {
        ReuseLock.Staleness staleness = new ReuseLock.Staleness();
        long t0 = 1_000_000_000L;
        assertThat(staleness.of(lock("created"), t0)).isNull();
        assertThat(staleness.of(lock("created"), t0 + ReuseLock.CREATED_GRACE.toNanos() - 1)).isNull();
        assertThat(staleness.of(lock("created"), t0 + ReuseLock.CREATED_GRACE.toNanos()))
                .startsWith("created and not started for 30 s");
    }

    @Test
    void aNewLockOfTheSameNameStartsItsOwnGrace() {
        ReuseLock.Staleness staleness = new ReuseLock.Staleness();
        assertThat(staleness.of(lock("created"), 0)).isNull();
        Entry another = new Entry("other-lock-id", ReuseState.lockName(ID), "created", ReuseState.LOCK_ROLE);
        assertThat(staleness.of(another, ReuseLock.CREATED_GRACE.toNanos())).isNull();
    }
}
