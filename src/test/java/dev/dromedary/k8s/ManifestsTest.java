package dev.dromedary.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests in k8s/ against the Kubernetes object model (fabric8): every document is a known kind, every field
 * is one the schema has (a misspelt field would land in "additional properties"), and the pieces fit together.
 */
class ManifestsTest {

    private static final Path DIR = Path.of("k8s");

    private static List<HasMetadata> load(String file) throws Exception {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : Files.readString(DIR.resolve(file)).split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            try (InputStream in = new java.io.ByteArrayInputStream(doc.getBytes())) {
                Object parsed = Serialization.unmarshal(in);
                assertThat(parsed).as(file + " is a Kubernetes object").isInstanceOf(HasMetadata.class);
                assertNoUnknownFields(parsed, file + ":" + ((HasMetadata) parsed).getKind());
                out.add((HasMetadata) parsed);
            }
        }
        return out;
    }

    /** Walks the model objects: any field the schema does not know ends up in getAdditionalProperties(). */
    @SuppressWarnings("unchecked")
    private static void assertNoUnknownFields(Object node, String where) throws Exception {
        if (node == null || !(node instanceof KubernetesResource || node.getClass().getPackageName().startsWith("io.fabric8"))) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object value = m.invoke(node);
            if (m.getName().equals("getAdditionalProperties")) {
                assertThat((Map<String, Object>) value).as("unknown fields in " + where).isNullOrEmpty();
            } else if (value instanceof Collection<?> list) {
                for (Object item : list) {
                    assertNoUnknownFields(item, where + "." + m.getName().substring(3));
                }
            } else if (value != null && value.getClass().getPackageName().startsWith("io.fabric8")
                    && !(value instanceof Enum<?>)) {
                assertNoUnknownFields(value, where + "." + m.getName().substring(3));
            }
        }
    }

    @Test
    void everyManifestIsAValidKubernetesObject() throws Exception {
        List<String> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).sorted().toList();
        }
        assertThat(files).contains("deployment.yaml", "service.yaml", "configmap.yaml", "secret.template.yaml",
                "hpa.yaml", "pdb.yaml", "networkpolicy.yaml", "routes-configmap.yaml");
        for (String f : files) {
            assertThat(load(f)).as(f).isNotEmpty();
        }
        String kustomization = Files.readString(DIR.resolve("kustomization.yaml"));
        for (String f : files) {
            if (!f.equals("secret.template.yaml")) {
                assertThat(kustomization).as("kustomization lists " + f).contains("- " + f);
            }
        }
    }

    @Test
    void thePiecesFitTogether() throws Exception {
        Deployment deployment = (Deployment) load("deployment.yaml").getFirst();
        Service service = (Service) load("service.yaml").getFirst();
        HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) load("hpa.yaml").getFirst();
        PodDisruptionBudget pdb = (PodDisruptionBudget) load("pdb.yaml").getFirst();
        NetworkPolicy policy = (NetworkPolicy) load("networkpolicy.yaml").getFirst();

        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);

        Container app = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(app.getPorts().getFirst().getContainerPort()).isEqualTo(8080);
        assertThat(service.getSpec().getPorts().getFirst().getTargetPort().getStrVal())
                .isEqualTo(app.getPorts().getFirst().getName());
        assertThat(app.getEnv()).extracting(e -> e.getName())
                .contains("DROMEDARY_DB_URL", "DROMEDARY_DB_USER", "DROMEDARY_DB_PASSWORD", "DROMEDARY_ADMIN_TOKEN",
                        "PROVIDER_CONFIG_PATH");
        // long enough for Spring's graceful shutdown of streams (300 s) plus the preStop pause
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(310);

        String providerJson = ((io.fabric8.kubernetes.api.model.ConfigMap) load("configmap.yaml").getFirst())
                .getData().get("provider.json");
        assertThat(providerJson.strip()).isEqualTo(Files.readString(Path.of("provider.json")).strip());
    }

    /** The Deployment runs the image pom.xml's Jib configuration builds, the way that image expects. */
    @Test
    void theDeploymentFitsTheImage() throws Exception {
        // the pom without namespace awareness, so that the XPath expressions need no prefixes
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        XPath xpath = XPathFactory.newInstance().newXPath();
        String jib = "/project/build/plugins/plugin[artifactId='jib-maven-plugin']/configuration";
        String image = xpath.evaluate(jib + "/to/image", pom)
                .replace("${project.version}", xpath.evaluate("/project/version", pom));
        String user = xpath.evaluate(jib + "/container/user", pom);
        String port = xpath.evaluate(jib + "/container/ports/port", pom);
        NodeList volumes = (NodeList) xpath.evaluate(jib + "/container/volumes/volume", pom, XPathConstants.NODESET);

        Deployment deployment = (Deployment) load("deployment.yaml").getFirst();
        Container app = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(app.getImage()).isEqualTo(image);
        assertThat(app.getPorts().getFirst().getContainerPort()).isEqualTo(Integer.parseInt(port));
        assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                .isEqualTo(Long.parseLong(user.split(":")[0]));
        // with a read-only root filesystem, every place the bridge writes must be a mount
        assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        List<String> mounts = app.getVolumeMounts().stream().map(m -> m.getMountPath()).toList();
        assertThat(mounts).contains("/tmp");
        assertThat(volumes.getLength()).isPositive();
        for (int i = 0; i < volumes.getLength(); i++) {
            assertThat(mounts).contains(volumes.item(i).getTextContent());
        }
    }

    @Test
    void theRoutesConfigMapIsMountedWhereTheServiceWatchesRoutes() throws Exception {
        Deployment deployment = (Deployment) load("deployment.yaml").getFirst();
        io.fabric8.kubernetes.api.model.ConfigMap routes =
                (io.fabric8.kubernetes.api.model.ConfigMap) load("routes-configmap.yaml").getFirst();
        Container app = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();

        String dir = app.getEnv().stream().filter(e -> e.getName().equals("DROMEDARY_ROUTES_DIR")).findFirst()
                .orElseThrow().getValue();
        var volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null && routes.getMetadata().getName().equals(v.getConfigMap().getName()))
                .findFirst().orElseThrow();
        var mount = app.getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName())).findFirst()
                .orElseThrow();
        assertThat(mount.getMountPath()).isEqualTo(dir);
        // the kubelet never updates a subPath mount: the routes would only change with a restart
        assertThat(mount.getSubPath()).isNullOrEmpty();
        assertThat(mount.getReadOnly()).isTrue();
        if (routes.getData() != null) {
            assertThat(routes.getData().keySet()).allMatch(dev.dromedary.routefiles.RouteFileName::isValid);
        }
    }
}
