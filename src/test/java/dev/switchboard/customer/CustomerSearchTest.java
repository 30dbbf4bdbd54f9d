package dev.switchboard.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /api/customers?q=: part of a name in any case, or a whole contact point in any format. */
@QuarkusTest
class CustomerSearchTest {

    private static final String PROBLEM = "https://switchboard.dev/problems/";

    private static List<Long> search(String q) {
        return Api.asRole("agent").queryParam("q", q).get("/api/customers").then().statusCode(200)
                .extract().jsonPath().getList("id", Long.class);
    }

    @Test
    void partOfANameFindsTheCustomerInAnyCase() {
        String tag = "Xiaoming" + Api.unique();
        long latin = Org.customer(Map.of("name", "Zhang " + tag + " Jr", "assets", 650000));
        long chinese = Org.customer(Map.of("name", "王小明" + tag));
        assertThat(search(tag.toLowerCase())).containsExactlyInAnyOrder(latin, chinese);
        assertThat(search("ZHANG " + tag.toUpperCase())).containsExactly(latin);
        assertThat(search("小明" + tag)).containsExactly(chinese);
        assertThat(search("Wang " + tag)).isEmpty();
        Api.asRole("agent").queryParam("q", "zhang " + tag).get("/api/customers").then().statusCode(200)
                .body("[0].name", equalTo("Zhang " + tag + " Jr"))
                .body("[0].tier", equalTo("GOLD"))
                .body("[0].contactPoints", equalTo(null));
    }

    @Test
    void aPhoneNumberInAnotherFormatOrAnEmailInAnotherCaseFindsItsOwner() {
        String mobile = Api.uniqueMobile();
        String email = "Li.Na" + Api.unique() + "@Example.com";
        long id = Org.customer(Map.of("name", "Li Na", "contactPoints", List.of(
                Map.of("type", "PHONE", "value", mobile), Map.of("type", "EMAIL", "value", email))));
        String spaced = "+86 " + mobile.substring(0, 3) + " " + mobile.substring(3, 7) + " " + mobile.substring(7);
        assertThat(search(spaced)).containsExactly(id);
        assertThat(search(mobile.substring(0, 3) + "-" + mobile.substring(3, 7) + "-" + mobile.substring(7)))
                .containsExactly(id);
        assertThat(search(email.toUpperCase())).containsExactly(id);
        long fax = Org.customer(Map.of("name", "Fax only", "contactPoints", List.of(
                Map.of("type", "FAX", "value", Api.uniqueMobile()))));
        String faxNumber = Api.asRole("agent").get("/api/customers/" + fax).path("contactPoints[0].value");
        assertThat(search(faxNumber)).containsExactly(fax);
    }

    @Test
    void wildcardsAreText() {
        String tag = "pct" + Api.unique();
        long plain = Org.customer(Map.of("name", "Plain " + tag));
        long percent = Org.customer(Map.of("name", "100% " + tag));
        assertThat(search("% " + tag)).containsExactly(percent);
        assertThat(search("_lain " + tag)).isEmpty();
        assertThat(search(tag)).contains(plain, percent);
    }

    @Test
    void pagingAndBadQueriesAreChecked() {
        String tag = "page" + Api.unique();
        long first = Org.customer(Map.of("name", "A " + tag));
        long second = Org.customer(Map.of("name", "B " + tag));
        Api.asRole("agent").queryParams(Map.of("q", tag, "size", 1)).get("/api/customers").then().statusCode(200)
                .body("id", equalTo(List.of((int) first)));
        Api.asRole("agent").queryParams(Map.of("q", tag, "size", 1, "page", 1)).get("/api/customers").then()
                .statusCode(200).body("id", equalTo(List.of((int) second)));
        Api.asRole("agent").queryParams(Map.of("q", tag, "size", 201)).get("/api/customers").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "validation"));
        Api.asRole("agent").queryParam("q", " ").get("/api/customers").then().statusCode(400)
                .body("errors.field", hasItem("q"));
        Api.asRole("agent").queryParams(Map.of("q", tag, "contact", "a@example.com")).get("/api/customers").then()
                .statusCode(400).body("errors.field", hasItem("q"));
        Api.asRole("agent").queryParam("q", "x".repeat(201)).get("/api/customers").then().statusCode(400);
    }
}
