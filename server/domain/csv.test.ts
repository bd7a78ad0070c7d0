import { describe, expect, it } from "vitest";
import { componentsFromCsv, countsFromCsv, formatKitCell, parseCsv, parseKitCell, productsFromCsv, toCsv } from "./csv";

describe("parseCsv / toCsv", () => {
  it.each([
    ["plain", "a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]],
    ["LF and a BOM", "\uFEFFa,b\n1,2", [["a", "b"], ["1", "2"]]],
    ["quoted comma, quote and newline", 'a,"b, ""c""\nd"\n', [["a", 'b, "c"\nd']]],
    ["blank lines skipped", "a\n\n\nb\n", [["a"], ["b"]]],
    ["empty trailing field", "a,\n", [["a", ""]]],
  ])("parses %s", (_n, text, rows) => expect(parseCsv(text)).toEqual(rows));

  it("round-trips and defuses formulas in text but not negative numbers", () => {
    const csv = toCsv([["name", "qty"], ['Say "hi", ok', -5], ["=SUM(A1)", "-12"], [null, true]]);
    expect(csv).toBe('name,qty\r\n"Say ""hi"", ok",-5\r\n\'=SUM(A1),-12\r\n,true\r\n');
    expect(parseCsv(csv)[1]).toEqual(['Say "hi", ok', "-5"]);
  });
});

describe("kit cells", () => {
  it.each([
    ["component:DOUGH=80; product:GLAZED=2", [{ component: "DOUGH", quantity: 80 }, { product: "GLAZED", quantity: 2 }]],
    ["DOUGH=80", [{ component: "DOUGH", quantity: 80 }]],
    ["", []],
    ["DOUGH", 'kit entry "DOUGH" must look like component:CODE=quantity or product:SKU=quantity'],
    ["DOUGH=1.5", "kit quantity for DOUGH must be a whole number of at least 1"],
    ["DOUGH=0", "kit quantity for DOUGH must be a whole number of at least 1"],
  ])("parses %j", (cell, expected) => expect(parseKitCell(cell)).toEqual(expected));

  it("formats what it parses", () => {
    const kit = [{ component: "DOUGH", quantity: 80 }, { product: "GLAZED", quantity: 2 }];
    expect(parseKitCell(formatKitCell(kit))).toEqual(kit);
  });
});

describe("row readers", () => {
  it("reports missing columns on row 1", () => {
    expect(componentsFromCsv("code,name\nA,B").errors).toEqual([{ row: 1, message: "Missing column: unit" }]);
    expect(countsFromCsv("").errors[0]?.row).toBe(1);
  });

  it("reads components with row-level errors by spreadsheet row", () => {
    const { entries, errors } = componentsFromCsv(
      "Code,Name,Unit,Cost per unit minor,Shelf life hours,Supplier,Active\nDOUGH,Dough,g,0.35,48,Mill,yes\nBAD,Bad,kg,,,,\nCUP,Cup,pc,12.0001,,,no\nBOX,Box,pc,45,,,maybe\n",
    );
    expect(entries).toEqual([
      { row: 2, entry: { code: "DOUGH", name: "Dough", unit: "g", costPerUnitMinor: 0.35, shelfLifeHours: 48, supplier: "Mill", active: true } },
    ]);
    expect(errors.map((e) => e.row)).toEqual([3, 4, 5]);
    expect(errors[0]?.message).toMatch(/unit/);
    expect(errors[1]?.message).toMatch(/three decimals/);
  });

  it("reads products with kits", () => {
    const { entries, errors } = productsFromCsv("sku,name,price_minor,kit\nBOX,Box of 4,999,product:GLAZED=4; component:BOX-4=1\nX,X,abc,\n");
    expect(entries[0]?.entry).toMatchObject({ sku: "BOX", priceMinor: 999, kit: [{ product: "GLAZED", quantity: 4 }, { component: "BOX-4", quantity: 1 }] });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.row).toBe(3);
  });

  it("reads counts, skipping blanks and refusing duplicates and bad numbers", () => {
    const { entries, errors } = countsFromCsv("location,component,counted\nmain,DOUGH,100\nmain,GLAZE,\nmain,DOUGH,5\nmain,CUP,-1\nmain,MILK,1.5\n");
    expect(entries).toEqual([{ row: 2, location: "main", component: "DOUGH", counted: 100 }]);
    expect(errors.map((e) => e.row)).toEqual([4, 5, 6]);
  });
});
