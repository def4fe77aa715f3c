package io.sluice.northbound.neutron;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.northbound.keystone.StockCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openstacksdk's bulk port create ({@code conn.network.create_ports}, Debian's python3-openstacksdk) against the
 * in-process Keystone and Neutron APIs ({@link StockCloud}): the ports come back in order, and a bad request is the
 * SDK's exception for Neutron's error with nothing created.
 */
@Tag("e2e")
class BulkOpenStackSdkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** argv[1]: the network. Prints the ports made, the refused request's exception, and the ports there after. */
    private static final String SCRIPT = """
            import json, sys
            import openstack
            from openstack import exceptions
            conn = openstack.connect()
            net = sys.argv[1]
            made = list(conn.network.create_ports([{"network_id": net, "name": "p%d" % i} for i in range(3)]))
            twice = {"network_id": net, "fixed_ips": [{"ip_address": "10.0.0.9"}]}
            try:
                conn.network.create_ports([{"network_id": net, "name": "ok"}, twice, dict(twice)])
                refused = None
            except exceptions.HttpException as e:
                refused = {"status": e.status_code, "exception": type(e).__name__, "text": str(e)}
            print(json.dumps({
                "made": [{"id": p.id, "name": p.name, "ip": p.fixed_ips[0]["ip_address"]} for p in made],
                "refused": refused,
                "names_after": sorted(p.name for p in conn.network.ports())}))
            """;

    @TempDir
    Path dir;
    private StockCloud cloud;

    @AfterEach
    void close() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void createPortsMakesThemInOrderAndABadOneFailsTheRequestWhole() throws Exception {
        StockCli.require();
        cloud = new StockCloud(dir);
        String network = cloud.cli("network", "create", "n1").get("id").asText();
        cloud.cliOk("subnet", "create", "s1", "--network", "n1", "--subnet-range", "10.0.0.0/24");

        JsonNode result = JSON.readTree(cloud.run(List.of("/usr/bin/python3", "-c", SCRIPT, network)));

        JsonNode made = result.get("made");
        assertThat(made).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(made.get(i).get("name").asText()).isEqualTo("p" + i);
            assertThat(made.get(i).get("ip").asText()).isEqualTo("10.0.0." + (i + 2));
            assertThat(cloud.repository.current().ports()).containsKey(made.get(i).get("id").asText());
        }
        JsonNode refused = result.get("refused");
        assertThat(refused.get("status").asInt()).isEqualTo(409);
        assertThat(refused.get("exception").asText()).isEqualTo("ConflictException");
        assertThat(refused.get("text").asText()).contains("10.0.0.9");
        assertThat(result.get("names_after")).extracting(JsonNode::asText).containsExactly("p0", "p1", "p2");
        assertThat(cloud.repository.current().ports()).hasSize(3);
    }
}
