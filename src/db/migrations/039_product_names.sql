-- The product's name as the shop sent it (Shopify's line item title, WooCommerce's name, Online Retail's
-- Description), shown on the customer's orders; null when the source gave only an id.
alter table order_lines add column product_name text;
