package dev.switchboard.agent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrganisationApiDocsTest {

    @Test
    void theOpenApiDocumentDescribesTheOrganisationEndpoints() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("tags.name", hasItems("Teams", "Agents", "Queues"))
                .body("paths.'/api/agents/me'.get.summary", equalTo("The signed-in user's agent"))
                .body("paths.'/api/teams/{id}'.delete.tags", equalTo(List.of("Teams")))
                .body("paths.'/api/queues/{id}'.put.summary", equalTo("Replace a queue"))
                .body("components.schemas.QueueView.properties.effectiveAnswerTargets", notNullValue());
    }
}
