// Tables of the fundraising area (see DESIGN.md, data model).
export {}
