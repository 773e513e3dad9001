-- tag::seed[]
-- reference data every test needs: @CitusCluster(dataScripts) runs this after schema.sql and after every reset
INSERT INTO ad_formats VALUES ('banner', 728, 90), ('square', 250, 250);
-- end::seed[]
