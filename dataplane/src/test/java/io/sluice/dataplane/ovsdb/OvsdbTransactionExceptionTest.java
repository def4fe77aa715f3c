package io.sluice.dataplane.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class OvsdbTransactionExceptionTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<ObjectNode> ops = List.of(
            Ops.select("Bridge", Ops.where(), List.of("name")),
            Ops.update("Bridge", Ops.where(), Ops.row().put("fail_mode", "bogus")));

    @Test
    void namesTheFailedOperation() throws Exception {
        var results = mapper.readTree("""
                [{"rows":[]},{"error":"constraint violation","details":"bogus is not one of the allowed values"}]""");
        assertThatThrownBy(() -> OvsdbTransactionException.check("Open_vSwitch", ops, results))
                .isInstanceOf(OvsdbTransactionException.class)
                .hasMessage("OVSDB transaction on Open_vSwitch failed at op #1 (update Bridge): "
                        + "constraint violation: bogus is not one of the allowed values")
                .satisfies(e -> {
                    OvsdbTransactionException failure = (OvsdbTransactionException) e;
                    assertThat(failure.error()).isEqualTo("constraint violation");
                    assertThat(failure.failedOp()).contains(ops.get(1));
                });
    }

    @Test
    void reportsACommitFailurePastTheLastOperation() throws Exception {
        var results = mapper.readTree("""
                [{"rows":[]},{"count":1},{"error":"referential integrity violation"}]""");
        assertThatThrownBy(() -> OvsdbTransactionException.check("Open_vSwitch", ops, results))
                .hasMessage("OVSDB transaction on Open_vSwitch failed at commit: referential integrity violation");
    }

    @Test
    void acceptsSuccess() throws Exception {
        var results = mapper.readTree("[{\"rows\":[]},{\"count\":1}]");
        assertThatCode(() -> OvsdbTransactionException.check("Open_vSwitch", ops, results)).doesNotThrowAnyException();
    }
}
