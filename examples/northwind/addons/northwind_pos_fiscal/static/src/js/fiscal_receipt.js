/** @odoo-module */
import { Order } from "@point_of_sale/js/models";
import { patch } from "@web/core/utils/patch";

patch(Order.prototype, "northwind_pos_fiscal.Order", {
    export_for_printing() {
        const receipt = this._super(...arguments);
        receipt.fiscal_receipt_number = this.fiscal_receipt_number || "";
        return receipt;
    },
});
