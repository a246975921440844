-- The usual supplier of a product: purchase orders drafted for backorders go there when
-- no earlier purchase order names another.
alter table products add column supplier_id bigint references suppliers(id);
