import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTestShop } from "../testing/fixtures";
import { recordMovements } from "./ledger";
import { getNavBadges } from "./nav-badges";

describe("low-stock badge", () => {
  it("counts active rules whose component is under the reorder point, for managers only", async () => {
    const t = await createTestShop();
    const other = await createTestShop("Other");
    const [dough, glaze, jam] = await Promise.all(
      ["DOUGH", "GLAZE", "JAM"].map((code) => db.component.create({ data: { shopId: t.shop.id, code, name: code, unit: "g" } })),
    );
    await recordMovements(db, t.shop.id, [
      { locationId: t.main.id, componentId: dough!.id, type: "RECEIPT", quantity: 100 },
      { locationId: t.main.id, componentId: glaze!.id, type: "RECEIPT", quantity: 5000 },
    ]);
    const rule = (componentId: string, active = true) => ({ shopId: t.shop.id, locationId: t.main.id, componentId, reorderPoint: 1000, targetLevel: 3000, active });
    await db.resupplyRule.createMany({ data: [rule(dough!.id), rule(glaze!.id), rule(jam!.id, false)] });
    expect((await getNavBadges(db, t.shop.id, "MANAGER"))["/resupply"]).toBe(1);
    expect((await getNavBadges(db, t.shop.id, "STAFF"))["/resupply"]).toBeUndefined();
    expect((await getNavBadges(db, other.shop.id, "OWNER"))["/resupply"]).toBeUndefined();
  });
});
