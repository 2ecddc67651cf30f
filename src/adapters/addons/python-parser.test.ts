import { describe, expect, it } from "vitest";
import { diffModels } from "../../domain/odoo/index.js";
import { pythonModelReader } from "./python-parser.js";

const BEFORE = `
from odoo import api, fields, models
from odoo.addons.base.models.res_partner import something


class StockPicking(models.Model):
    _inherit = "stock.picking"

    carrier_ref = fields.Char(string="Carrier", index=True)
    weight = fields.Float(digits=(16, 3))

    def action_done(self):
        return super().action_done()


@some_decorator
class PosShelf(models.Model):
    _name = "pos.shelf"
    _description = "Shelf"
    _sql_constraints = [("code_uniq", "unique(code)", "Code must be unique")]

    code = fields.Char(required=True)
    legacy = fields.Boolean()


class Mixin:
    x = fields.Char()


class Wizard(models.TransientModel):
    _name = "pos.shelf.wizard"
    _inherit = ["mail.thread"]
    shelf_id = fields.Many2one("pos.shelf")
`;

const AFTER = `
from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    carrier_ref = fields.Char(string="Carrier",
                              index=True)  # reformatted only
    weight = fields.Float(digits=(16, 4))
    pallets = fields.Integer()


class PosShelf(models.Model):
    _name = "pos.shelf"
    _description = "Shelf"
    _sql_constraints = [("code_uniq", "unique(code, company_id)", "Code must be unique")]

    code = fields.Char(required=True)
`;

describe("tree-sitter model reader", () => {
  it("finds models, inherits and fields statically", async () => {
    const read = await pythonModelReader();
    const s = read(BEFORE);
    expect(Object.keys(s.models).sort()).toEqual(["pos.shelf", "pos.shelf.wizard", "stock.picking"]);
    expect(s.models["stock.picking"]).toEqual({
      defines: false,
      fields: { carrier_ref: 'Char(string="Carrier",index=True)', weight: "Float(digits=(16,3))" },
      attributes: {},
    });
    expect(s.models["pos.shelf"]?.defines).toBe(true);
    expect(s.models["pos.shelf.wizard"]?.fields).toEqual({ shelf_id: 'Many2one("pos.shelf")' });
  });

  it("diffs added, changed and removed models and fields", async () => {
    const read = await pythonModelReader();
    expect(diffModels([read(BEFORE)], [read(AFTER)])).toEqual({
      modelsAdded: [],
      modelsRemoved: ["pos.shelf.wizard"],
      fieldsAdded: ["stock.picking.pallets"],
      fieldsRemoved: ["pos.shelf.legacy", "pos.shelf.wizard.shelf_id"],
      fieldsChanged: ["stock.picking.weight"],
      attributesChanged: ["pos.shelf._sql_constraints"],
    });
    expect(diffModels([], [read(AFTER)]).modelsAdded).toEqual(["pos.shelf"]);
  });

  it("never executes the source and survives syntax errors", async () => {
    const read = await pythonModelReader();
    expect(read("import os\nos.system('touch /tmp/orc-pwned')\nclass (:\n")).toEqual({ models: {} });
  });
});
