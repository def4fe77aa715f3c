package io.sluice.dataplane.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpsTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void buildsOperations() throws Exception {
        assertThat(Ops.insert("Controller", Ops.row().put("target", "tcp:192.0.2.1:6653"), "ctl"))
                .isEqualTo(mapper.readTree("""
                        {"op":"insert","table":"Controller","row":{"target":"tcp:192.0.2.1:6653"},"uuid-name":"ctl"}"""));
        assertThat(Ops.mutate("Open_vSwitch", Ops.where(Ops.eq("_uuid", Atoms.uuid("r"))),
                List.of(Ops.mutation("bridges", "insert", Atoms.set(Atoms.namedUuid("b"))))))
                .isEqualTo(mapper.readTree("""
                        {"op":"mutate","table":"Open_vSwitch","where":[["_uuid","==",["uuid","r"]]],
                         "mutations":[["bridges","insert",["set",[["named-uuid","b"]]]]]}"""));
        assertThat(Ops.select("Bridge", Ops.where(Ops.eq("name", "br-int")), List.of("datapath_id")))
                .isEqualTo(mapper.readTree("""
                        {"op":"select","table":"Bridge","where":[["name","==","br-int"]],"columns":["datapath_id"]}"""));
    }

    @Test
    void waitIsAnImmediatePrecondition() throws Exception {
        assertThat(Ops.waitUntilEqual("Bridge", Ops.where(Ops.eq("name", "br-int")), List.of("name"), List.of()))
                .isEqualTo(mapper.readTree("""
                        {"op":"wait","table":"Bridge","where":[["name","==","br-int"]],"columns":["name"],
                         "until":"==","rows":[],"timeout":0}"""));
    }
}
