/** @odoo-module */
import PosComponent from "point_of_sale.PosComponent";
import ProductScreen from "point_of_sale.ProductScreen";
import Registries from "point_of_sale.Registries";

class RewardsButton extends PosComponent {
    async onClick() {
        const partner = this.env.pos.get_order().get_partner();
        if (partner) {
            await this.showPopup("ConfirmPopup", {
                title: this.env._t("Northwind Rewards"),
                body: `${partner.rewards_points} points`,
            });
        }
    }
}
RewardsButton.template = "northwind_loyalty.RewardsButton";
ProductScreen.addControlButton({ component: RewardsButton, condition: () => true });
Registries.Component.add(RewardsButton);
export default RewardsButton;
